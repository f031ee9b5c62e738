// Which lifecycle actions a VM allows in each state, following libvirt: a running VM can be shut
// down, rebooted, forced off or paused; a paused one resumed or forced off; a shut-off or crashed
// one started; only a shut-off one deleted.
import type { ApiMethod } from '../../../shared/api';
import type { Host, Vm, VmState } from '../../../shared/model';
import { stateWord } from './format';

export type VmAction = 'start' | 'shutdown' | 'reboot' | 'forceOff' | 'pause' | 'resume' | 'delete';

export const VM_ACTIONS: readonly VmAction[] = [
  'start',
  'shutdown',
  'reboot',
  'pause',
  'resume',
  'forceOff',
  'delete',
];

export const ACTION_LABELS: Record<VmAction, string> = {
  start: 'Start',
  shutdown: 'Shut down',
  reboot: 'Reboot',
  forceOff: 'Force off',
  pause: 'Pause',
  resume: 'Resume',
  delete: 'Delete',
};

export const ACTION_METHODS: Record<VmAction, ApiMethod> = {
  start: 'vmStart',
  shutdown: 'vmShutdown',
  reboot: 'vmReboot',
  forceOff: 'vmForceOff',
  pause: 'vmPause',
  resume: 'vmResume',
  delete: 'vmDelete',
};

/** Actions that destroy something and ask first. */
export const CONFIRMED_ACTIONS: ReadonlySet<VmAction> = new Set<VmAction>(['forceOff', 'delete']);

const ALLOWED: Record<VmState, readonly VmAction[]> = {
  running: ['shutdown', 'reboot', 'forceOff', 'pause'],
  blocked: ['shutdown', 'reboot', 'forceOff', 'pause'],
  paused: ['resume', 'forceOff'],
  shutdown: ['forceOff'],
  shutoff: ['start', 'delete'],
  crashed: ['start', 'forceOff'],
  pmsuspended: ['forceOff'],
};

const WHY_NOT: Record<VmAction, string> = {
  start: 'Only a shut-off or crashed VM can be started',
  shutdown: 'Only a running VM can be shut down',
  reboot: 'Only a running VM can be rebooted',
  forceOff: 'The VM is not running',
  pause: 'Only a running VM can be paused',
  resume: 'Only a paused VM can be resumed',
  delete: 'Shut the VM off before deleting it',
};

/** null when the action is allowed, else why not, in words for a tooltip. */
export function whyDisabled(
  action: VmAction,
  vm: Pick<Vm, 'state'>,
  host: Pick<Host, 'name' | 'connection'> | undefined,
): string | null {
  if (!host) return 'The VM’s host is not known';
  if (host.connection === 'connecting') return `${host.name} is connecting…`;
  if (host.connection !== 'connected') return `${host.name} is disconnected`;
  if (ALLOWED[vm.state].includes(action)) return null;
  return `${WHY_NOT[action]} (it is ${stateWord(vm.state).toLowerCase()}).`;
}

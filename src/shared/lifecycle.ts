// The VM lifecycle in one table: which action libvirt allows from which domain state, and why not
// otherwise. One vocabulary from the api outwards: the action `pause` is the api method `vmPause`
// and the driver verb `vmPause`. Both drivers refuse with `lifecycleRefusal`; the renderer enables
// its buttons and writes its tooltips from the same function.
import type { ApiMethod } from './api';
import { VirtdeskError } from './errors';
import type { Vm, VmState } from './model';

export type VmAction = 'start' | 'shutdown' | 'reboot' | 'forceOff' | 'pause' | 'resume' | 'delete';

/** In the order the UI lists them. */
export const VM_ACTIONS: readonly VmAction[] = [
  'start',
  'shutdown',
  'reboot',
  'pause',
  'resume',
  'forceOff',
  'delete',
];

/** The api method (and driver verb) each action is. */
export const VM_ACTION_METHOD = {
  start: 'vmStart',
  shutdown: 'vmShutdown',
  reboot: 'vmReboot',
  forceOff: 'vmForceOff',
  pause: 'vmPause',
  resume: 'vmResume',
  delete: 'vmDelete',
} as const satisfies Record<VmAction, ApiMethod>;

export type VmActionMethod = (typeof VM_ACTION_METHOD)[VmAction];

export const VM_ACTION_LABEL: Record<VmAction, string> = {
  start: 'Start',
  shutdown: 'Shut down',
  reboot: 'Reboot',
  forceOff: 'Force off',
  pause: 'Pause',
  resume: 'Resume',
  delete: 'Delete',
};

/** Actions that destroy something and ask first. */
export const CONFIRMED_ACTIONS: ReadonlySet<VmAction> = new Set<VmAction>(['forceOff', 'delete']);

const ACTIVE: readonly VmState[] = [
  'running',
  'blocked',
  'paused',
  'shutdown',
  'crashed',
  'pmsuspended',
];

// libvirt's rules (virDomainCreate needs an inactive domain, a crashed one included once libvirt
// has torn it down; virDomainShutdown/Reboot/Suspend need a running one; Destroy any active one;
// Undefine of an active domain would only make it transient, so Delete waits for shut off).
const ALLOWED_FROM: Record<VmAction, readonly VmState[]> = {
  start: ['shutoff', 'crashed'],
  // The guest ignores ACPI while its vCPUs are stopped, so only a running guest can act on it.
  shutdown: ['running', 'blocked'],
  reboot: ['running', 'blocked'],
  forceOff: ACTIVE,
  pause: ['running', 'blocked'],
  resume: ['paused'],
  delete: ['shutoff'],
};

const VERB: Record<VmAction, string> = {
  start: 'start',
  shutdown: 'shut down',
  reboot: 'reboot',
  forceOff: 'force off',
  pause: 'pause',
  resume: 'resume',
  delete: 'delete',
};

const NEEDS: Record<VmAction, string> = {
  start: 'only a shut-off or crashed VM can be started',
  shutdown: 'only a running VM can be shut down',
  reboot: 'only a running VM can be rebooted',
  forceOff: 'it is not running',
  pause: 'only a running VM can be paused',
  resume: 'only a paused VM can be resumed',
  delete: 'shut it off first',
};

/** How a domain state reads in a sentence ("it is shut off"), the same for every driver and view. */
export const STATE_WORDS: Record<VmState, string> = {
  running: 'running',
  blocked: 'blocked',
  paused: 'paused',
  shutdown: 'shutting down',
  shutoff: 'shut off',
  crashed: 'crashed',
  pmsuspended: 'suspended by the guest',
};

export function isAllowed(action: VmAction, state: VmState): boolean {
  return ALLOWED_FROM[action].includes(state);
}

/** libvirt's notion of an active domain (has a QEMU process). */
export function isActive(state: VmState): boolean {
  return ACTIVE.includes(state);
}

/**
 * null when the action is allowed, else the sentence saying why not:
 * "Cannot pause web-01: it is shut off (only a running VM can be paused)."
 */
export function lifecycleRefusal(action: VmAction, vm: Pick<Vm, 'name' | 'state'>): string | null {
  if (isAllowed(action, vm.state)) return null;
  return `Cannot ${VERB[action]} ${vm.name}: it is ${STATE_WORDS[vm.state]} (${NEEDS[action]}).`;
}

/** Throws INVALID_STATE with lifecycleRefusal's sentence when the action is not allowed. */
export function assertLifecycle(action: VmAction, vm: Pick<Vm, 'name' | 'state'>): void {
  const why = lifecycleRefusal(action, vm);
  if (why !== null) throw new VirtdeskError('INVALID_STATE', why);
}

/** The verb in a failure message: "Cannot shut down web-01 on pve: …". */
export function actionVerb(action: VmAction): string {
  return VERB[action];
}

// libvirt's domain state machine, as the simulated hosts play it. Pure: which action is allowed
// from which state, and what state it leads to. Timers (boot, guest power-off) live in the host.
import { VirtdeskError } from '../../../shared/errors';
import type { GuestPhase, Vm, VmState } from '../../../shared/model';
import { describeState } from '../common/stateWords';

/** Simulated milliseconds from power-on (or reset) until the guest OS is up. */
export const BOOT_MS = 3000;
/** Simulated milliseconds a guest takes to power off after the ACPI power button. */
export const SHUTDOWN_MS = 2000;

export type LifecycleAction =
  'start' | 'shutdown' | 'reboot' | 'forceOff' | 'suspend' | 'resume' | 'undefine';

/** What follows an action on the clock, if anything. */
export type FollowUp = 'boot' | 'power-off' | null;

const ALLOWED_FROM: Record<LifecycleAction, readonly VmState[]> = {
  start: ['shutoff'],
  // The guest ignores ACPI while libvirt has its vCPUs stopped, so only a running guest can act.
  shutdown: ['running'],
  reboot: ['running'],
  // virsh destroy works on any active domain, whatever the guest is doing.
  forceOff: ['running', 'blocked', 'paused', 'shutdown', 'crashed', 'pmsuspended'],
  suspend: ['running'],
  resume: ['paused'],
  undefine: ['shutoff'],
};

const VERB: Record<LifecycleAction, string> = {
  start: 'start',
  shutdown: 'shut down',
  reboot: 'reboot',
  forceOff: 'force off',
  suspend: 'pause',
  resume: 'resume',
  undefine: 'delete',
};

export function canDo(state: VmState, action: LifecycleAction): boolean {
  return ALLOWED_FROM[action].includes(state);
}

/** Throws INVALID_STATE naming the VM and its state, e.g. "Cannot pause web-01: it is shut off". */
export function assertCan(vm: Pick<Vm, 'name' | 'state'>, action: LifecycleAction): void {
  if (!canDo(vm.state, action)) {
    throw new VirtdeskError(
      'INVALID_STATE',
      `Cannot ${VERB[action]} ${vm.name}: it is ${describeState(vm.state)}`,
    );
  }
}

export interface Transition {
  state: VmState;
  guest: GuestPhase;
  followUp: FollowUp;
}

/** The state right after an allowed action (call assertCan first). */
export function transition(vm: Pick<Vm, 'state' | 'guest'>, action: LifecycleAction): Transition {
  switch (action) {
    case 'start':
    case 'reboot':
      return { state: 'running', guest: 'booting', followUp: 'boot' };
    case 'shutdown':
      return { state: 'shutdown', guest: vm.guest, followUp: 'power-off' };
    case 'forceOff':
    case 'undefine':
      return { state: 'shutoff', guest: null, followUp: null };
    case 'suspend':
      // The guest is frozen mid-whatever; resume picks up where it was.
      return { state: 'paused', guest: vm.guest, followUp: null };
    case 'resume':
      return {
        state: 'running',
        guest: vm.guest,
        followUp: vm.guest === 'booting' ? 'boot' : null,
      };
  }
}

/** The state after a timed follow-up completes. */
export function complete(followUp: Exclude<FollowUp, null>): Pick<Vm, 'state' | 'guest'> {
  return followUp === 'boot'
    ? { state: 'running', guest: 'up' }
    : { state: 'shutoff', guest: null };
}

/**
 * How a VM read back from disk resumes after a restart of the app. A power-off in progress
 * finishes (the guest was going down anyway); a boot in progress is picked up again.
 */
export function restoreState(vm: Pick<Vm, 'state' | 'guest'>): Transition {
  switch (vm.state) {
    case 'shutdown':
    case 'shutoff':
      return { state: 'shutoff', guest: null, followUp: null };
    case 'running':
      return {
        state: 'running',
        guest: vm.guest,
        followUp: vm.guest === 'booting' ? 'boot' : null,
      };
    default:
      return { state: vm.state, guest: vm.guest, followUp: null };
  }
}

// libvirt's domain state machine, as the simulated hosts play it. Pure: what state an allowed
// action leads to (which actions are allowed is shared/lifecycle.ts). Timers (boot, guest
// power-off) live in the host.
import type { VmAction } from '../../../shared/lifecycle';
import type { GuestPhase, Vm, VmState } from '../../../shared/model';

/** Simulated milliseconds from power-on (or reset) until the guest OS is up. */
export const BOOT_MS = 3000;
/** Simulated milliseconds a guest takes to power off after the ACPI power button. */
export const SHUTDOWN_MS = 2000;

/** What follows an action on the clock, if anything. */
export type FollowUp = 'boot' | 'power-off' | null;

export interface Transition {
  state: VmState;
  guest: GuestPhase;
  followUp: FollowUp;
}

/** The state right after an allowed action (call assertLifecycle first). */
export function transition(vm: Pick<Vm, 'state' | 'guest'>, action: VmAction): Transition {
  switch (action) {
    case 'start':
    case 'reboot':
      return { state: 'running', guest: 'booting', followUp: 'boot' };
    case 'shutdown':
      return { state: 'shutdown', guest: vm.guest, followUp: 'power-off' };
    case 'forceOff':
    case 'delete':
      return { state: 'shutoff', guest: null, followUp: null };
    case 'pause':
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

// One simulated VM: its libvirt documents plus the runtime state libvirt keeps beside them
// (domain state, what the guest is doing, autostart). Records are immutable and carry the Vm the
// UI sees, derived once when the record is made, so listing VMs costs no XML work at all.
import { isActive } from '../../../shared/lifecycle';
import type { XmlDocument } from '../../../shared/libvirt-xml';
import type { GuestPhase, Vm, VmState } from '../../../shared/model';
import type { DomainDoc } from '../common/domainDoc';
import { sameDefinition } from '../common/domainDoc';

export interface SimVmState {
  readonly id: string;
  readonly state: VmState;
  readonly guest: GuestPhase;
  readonly autostart: boolean;
  /** The persistent definition: `virsh dumpxml --inactive`, what the next boot uses. */
  readonly config: DomainDoc;
  /** The running definition (`virsh dumpxml`); null exactly when the VM is shut off. */
  readonly live: DomainDoc | null;
  /** Active, and the persistent definition differs from the live one. */
  readonly pendingChanges: boolean;
}

export interface SimVm extends SimVmState {
  readonly view: Vm;
}

/** Capacity in bytes of the volume at a path, or null when the host has no such volume. */
export type CapacityOf = (path: string) => number | null;

/** The Vm the UI sees: the live definition while active, else the persistent one. */
export function viewOf(hostId: string, s: SimVmState, capacityOf: CapacityOf): Vm {
  const f = (s.live ?? s.config).facts;
  return {
    hostId,
    id: s.id,
    name: f.name,
    title: f.title,
    description: f.description,
    state: s.state,
    guest: s.guest,
    // vCPUs online (`virsh dominfo`'s CPU(s)): `setvcpus --live` changes it on a running VM.
    vcpus: f.currentVcpus ?? f.vcpus ?? 1,
    memoryKiB: f.memoryKiB ?? 0,
    persistent: true,
    autostart: s.autostart,
    disks: f.disks.map((d) => ({
      ...d,
      capacityBytes: d.source === null ? null : capacityOf(d.source),
    })),
    nics: f.nics.map((n) => ({ ...n })),
    pendingChanges: s.pendingChanges,
  };
}

export function makeSimVm(hostId: string, s: SimVmState, capacityOf: CapacityOf): SimVm {
  return { ...s, view: viewOf(hostId, s, capacityOf) };
}

/**
 * The runtime fields libvirt changes on a state transition: a start copies the persistent
 * definition into a fresh live one, a power-off drops the live one. A guest reboot keeps it, as in
 * libvirt, where a new persistent definition takes effect only on a fresh start.
 */
export function withRuntime(vm: SimVmState, next: Pick<SimVmState, 'state' | 'guest'>): SimVmState {
  if (!isActive(next.state)) return { ...vm, ...next, live: null, pendingChanges: false };
  if (vm.live === null) return { ...vm, ...next, live: vm.config, pendingChanges: false };
  return { ...vm, ...next };
}

/** A new persistent definition (parsed from `tree`); an active VM keeps running on its live one. */
export function withConfig(vm: SimVmState, config: DomainDoc, tree?: XmlDocument): SimVmState {
  const pendingChanges = vm.live !== null && !sameDefinition(config, vm.live, tree);
  return { ...vm, config, pendingChanges };
}

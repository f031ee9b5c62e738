// Host facts of the Hardware tab that both drivers derive the same way from what they already
// hold: the other VMs' pins (from their stored definitions, never read again for this) and the
// VFs no VM names.
import type { HostPin } from '../../../shared/hardware';
import type { HostDevice } from '../../../shared/hostDevices';
import { isActive } from '../../../shared/lifecycle';
import type { VmState } from '../../../shared/model';
import type { DomainDoc } from './domainDoc';

export interface PinHolder {
  id: string;
  state: VmState;
  config: DomainDoc;
  live: DomainDoc | null;
}

/** Where each other VM is pinned: a running one by its live definition, the rest by their
 * persistent one; VMs pinned nowhere are left out. */
export function hostPinsOf(vms: Iterable<PinHolder>, exceptId: string): HostPin[] {
  const out: HostPin[] = [];
  for (const vm of vms) {
    if (vm.id === exceptId) continue;
    const running = isActive(vm.state) && vm.live !== null;
    const doc = running && vm.live ? vm.live : vm.config;
    if (doc.facts.allPinnedCpus.length === 0) continue;
    out.push({ vmId: vm.id, name: doc.facts.name, running, cpus: [...doc.facts.allPinnedCpus] });
  }
  return out;
}

/** VFs no VM's definition names, each with its PF's interface (or its PF's address when the PF
 * has no interface on the host). */
export function freeVfsOf(devices: readonly HostDevice[]): { address: string; pf: string }[] {
  const byAddress = new Map(devices.map((d) => [d.address, d]));
  return devices.flatMap((d) => {
    if (d.sriov?.role !== 'vf' || d.users.length > 0) return [];
    const pf = byAddress.get(d.sriov.pf);
    return [{ address: d.address, pf: pf?.netdev ?? d.sriov.pf }];
  });
}

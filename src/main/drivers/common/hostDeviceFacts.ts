// What both drivers' hostDevices groups derive the same way from their host's facts: a VM as the
// assignment rules see it, the Devices tab's inventory, an assignment checked and refused, and the
// PF a VF network is made for, all before anything is written (shared/hostDevices.ts holds the rules themselves).
import type {
  AssignRequest,
  HostDevice,
  HostDeviceInventory,
  HostFacts,
  VmFacts,
} from '../../../shared/hostDevices';
import { assertAssignable, checkAssign } from '../../../shared/hostDevices';
import { VirtdeskError } from '../../../shared/errors';
import { isActive } from '../../../shared/lifecycle';
import type { VmState } from '../../../shared/model';
import type { DomainDoc } from './domainDoc';
import { vmNumaNodes } from './hostPciUsers';

/** A domain as either driver keeps it (SimVm, DomainRecord). */
export interface DeviceVm {
  id: string;
  view: { name: string };
  state: VmState;
  config: DomainDoc;
}

export function vmFactsOf(
  vm: DeviceVm,
  hostNodes: readonly { id: number; cpus: number[] }[],
): VmFacts {
  return {
    id: vm.id,
    name: vm.view.name,
    active: isActive(vm.state),
    numaNodes: vmNumaNodes(vm.config, hostNodes),
  };
}

/** `vfCountWritable`: whether this driver can change a PF's VF count. */
export function inventoryOf(facts: HostFacts, vfCountWritable: boolean): HostDeviceInventory {
  return {
    iommu: facts.iommu,
    cpuVendor: facts.cpuVendor,
    vfCountWritable,
    devices: [...facts.devices],
  };
}

/**
 * Refuses an assignment the shared rules refuse (nothing is changed yet); otherwise the other
 * members of the device's IOMMU group that go with it (none unless the whole group was asked for).
 */
export function assignableMembers(facts: HostFacts, vm: VmFacts, req: AssignRequest): string[] {
  const check = checkAssign(facts, vm, req);
  assertAssignable(check);
  return req.wholeGroup ? check.groupMembers : [];
}

/** The PF a VF network is made for: an SR-IOV PF with an interface and VFs enabled, else refused. */
export function vfNetworkPf(
  devices: readonly HostDevice[],
  address: string,
): HostDevice & { netdev: string } {
  const pf = devices.find((d) => d.address === address);
  if (pf?.sriov?.role !== 'pf' || pf.netdev === undefined)
    throw new VirtdeskError(
      'INVALID_INPUT',
      `${address} is not an SR-IOV physical function with a network interface.`,
    );
  if (pf.sriov.vfs.length === 0)
    throw new VirtdeskError(
      'CONFLICT',
      `${pf.address} has no VFs enabled: set its VF count first, then create the VF network.`,
    );
  return { ...pf, netdev: pf.netdev };
}

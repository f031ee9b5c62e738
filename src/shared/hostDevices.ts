// PCI passthrough (VFIO) and SR-IOV: what the Devices tab and the Add host device dialog show, and
// the rules both drivers and the dialog apply before anything is written. Every rule returns all
// it finds, worded for the user, so a conflict is explained before it bites (at start, in the
// guest, or by taking a device away from the host). Pure: the renderer imports this too.
import type { ApiMethod } from './api';
import type { ErrorCode } from './errors';
import { VirtdeskError } from './errors';
import type { PciDevice } from './model';

/** The api methods a driver serves through its optional `hostDevices` capability. */
export type HostDeviceMethod = Extract<ApiMethod, `hostDevice${string}`>;

export type CpuVendor = 'intel' | 'amd' | 'other';

/** Where a device is bound: vfio-pci (free for VMs) or its own host driver. */
export type HostBinding = 'vfio-pci' | 'host';

/** How a VM holds a device: a raw `<hostdev>` or an SR-IOV VF as `<interface type='hostdev'>`. */
export type AssignAs = 'hostdev' | 'interface';

/** A VM whose persistent or live definition names the device. */
export interface DeviceUser {
  vmId: string;
  vmName: string;
  /** Active with the device in its live definition: the device is taken now. */
  running: boolean;
  as: AssignAs;
  /** For an interface: the MAC and VLAN tag the VM gives the VF. */
  mac?: string;
  vlan?: number;
}

export interface HostDevice extends PciDevice {
  users: DeviceUser[];
  /** A VF's index on its PF (virtfn N). */
  vfIndex?: number;
}

export interface HostDeviceInventory {
  /** The host's IOMMU is on (`virsh capabilities` <iommu support='yes'/>). */
  iommu: boolean;
  cpuVendor: CpuVendor;
  /** VF counts (sriov_numvfs) can be changed from here. */
  vfCountWritable: boolean;
  /** In IOMMU group order, then address. */
  devices: HostDevice[];
}

export type ConflictKind =
  | 'iommu-off'
  | 'already-assigned'
  | 'not-network'
  | 'used-running'
  | 'used-defined'
  | 'group-host-driver'
  | 'vf-disabled'
  | 'boot-gpu'
  | 'numa'
  | 'hotplug-gpu';

/** A refusal stops Assign; a warning is shown and Assign still goes ahead. */
export interface Conflict {
  kind: ConflictKind;
  severity: 'refuse' | 'warning';
  message: string;
}

export interface AssignCheck {
  conflicts: Conflict[];
  /** Other members of the device's IOMMU group not yet this VM's: offered with it. */
  groupMembers: string[];
  /** The VM is active: the device would be hot-plugged too. */
  live: boolean;
}

export interface AssignRequest {
  address: string;
  as: AssignAs;
  /** Interface only: null lets the host pick one. */
  mac: string | null;
  /** Interface only: an 802.1Q tag, 1–4094. */
  vlan: number | null;
  /** Assign the other members of the IOMMU group too (each as a raw hostdev). */
  wholeGroup: boolean;
}

/** What a check needs to know of the VM. */
export interface VmFacts {
  id: string;
  name: string;
  active: boolean;
  /** NUMA nodes of the VM's pinned vCPUs and bound memory; empty when it is not pinned. */
  numaNodes: number[];
}

export interface HostFacts {
  name: string;
  iommu: boolean;
  cpuVendor: CpuVendor;
  devices: readonly HostDevice[];
  /** The PF whose VF this address would be while it has too few VFs; undefined otherwise. */
  disabledVfOf?: (address: string) => string | undefined;
}

/** Drivers that leave a device free for VFIO: group viability accepts these or none at all. */
export const VFIO_FRIENDLY: readonly string[] = ['vfio-pci', 'pci-stub'];

export function isVfioFriendly(driver: string | null): boolean {
  return driver === null || VFIO_FRIENDLY.includes(driver);
}

export function kernelParams(vendor: CpuVendor): string {
  return vendor === 'amd' ? 'amd_iommu=on iommu=pt' : 'intel_iommu=on iommu=pt';
}

export function cpuVendorOf(text: string): CpuVendor {
  if (/intel/i.test(text)) return 'intel';
  if (/\bamd\b|authenticamd|epyc|ryzen/i.test(text)) return 'amd';
  return 'other';
}

export function iommuOffMessage(host: string, vendor: CpuVendor): string {
  const firmware = vendor === 'amd' ? 'AMD-Vi' : 'VT-d';
  return (
    `IOMMU is off on ${host}: PCI passthrough needs it. Turn on ${firmware} in the firmware, ` +
    `add ${kernelParams(vendor)} to the kernel command line and reboot the host.`
  );
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$/;

export function isPciAddress(s: string): boolean {
  return PCI_ADDRESS.test(s);
}

export function describe(d: PciDevice): string {
  return `${d.address} (${d.product})`;
}

function usersText(users: readonly DeviceUser[]): string {
  return users.map((u) => u.vmName).join(', ');
}

/** The device plus, when asked, the other members of its IOMMU group. */
function chosen(facts: HostFacts, device: HostDevice, wholeGroup: boolean): HostDevice[] {
  if (!wholeGroup) return [device];
  return facts.devices.filter((d) => d.address === device.address || sameGroup(d, device));
}

function sameGroup(a: PciDevice, b: PciDevice): boolean {
  return a.iommuGroup >= 0 && a.iommuGroup === b.iommuGroup && a.address !== b.address;
}

/** Members of the device's IOMMU group other than itself that the VM does not hold yet. */
export function groupMembersOf(
  devices: readonly HostDevice[],
  device: PciDevice,
  vmId: string,
): HostDevice[] {
  return devices.filter((d) => sameGroup(d, device) && !d.users.some((u) => u.vmId === vmId));
}

/**
 * Every conflict of assigning `req.address` to the VM, refusals first; changes nothing. The IOMMU
 * refusal comes alone: nothing else matters while passthrough cannot work at all.
 */
export function checkAssign(facts: HostFacts, vm: VmFacts, req: AssignRequest): AssignCheck {
  const refuse = (kind: ConflictKind, message: string): Conflict => ({
    kind,
    severity: 'refuse',
    message,
  });
  const warn = (kind: ConflictKind, message: string): Conflict => ({
    kind,
    severity: 'warning',
    message,
  });
  if (!facts.iommu)
    return {
      conflicts: [refuse('iommu-off', iommuOffMessage(facts.name, facts.cpuVendor))],
      groupMembers: [],
      live: vm.active,
    };
  const device = facts.devices.find((d) => d.address === req.address);
  if (!device) {
    const pf = facts.disabledVfOf?.(req.address);
    const message = pf
      ? `${req.address} is a VF of ${pf}, which has no VFs enabled at that index: raise its VF count first.`
      : `${facts.name} has no PCI device ${req.address}.`;
    return { conflicts: [refuse('vf-disabled', message)], groupMembers: [], live: vm.active };
  }
  const conflicts: Conflict[] = [];
  const members = groupMembersOf(facts.devices, device, vm.id);
  const taken = chosen(facts, device, req.wholeGroup);

  if (device.users.some((u) => u.vmId === vm.id))
    conflicts.push(
      refuse('already-assigned', `${device.address} is already assigned to ${vm.name}.`),
    );
  if (req.as === 'interface' && device.pciClass !== 'network')
    conflicts.push(
      refuse(
        'not-network',
        `${describe(device)} is not a network function: only a NIC or an SR-IOV VF can be an interface.`,
      ),
    );
  for (const d of taken) {
    const others = d.users.filter((u) => u.vmId !== vm.id);
    const running = others.filter((u) => u.running);
    const defined = others.filter((u) => !u.running);
    if (running.length > 0)
      conflicts.push(
        refuse(
          'used-running',
          `${d.address} is in use by ${usersText(running)}, which is running: shut it down or remove the device from it first.`,
        ),
      );
    if (defined.length > 0)
      conflicts.push(
        warn(
          'used-defined',
          `${d.address} is also assigned to ${usersText(defined)}: ${vm.name} and ${usersText(defined)} cannot run at the same time.`,
        ),
      );
  }
  if (vm.active && taken.some((d) => d.pciClass === 'display'))
    conflicts.push(
      refuse(
        'hotplug-gpu',
        `${vm.name} is running: a GPU can be assigned only while the VM is shut off.`,
      ),
    );
  if (!req.wholeGroup) {
    const bound = members.filter((m) => !isVfioFriendly(m.driver));
    if (bound.length > 0)
      conflicts.push(
        warn(
          'group-host-driver',
          `IOMMU group ${device.iommuGroup} also holds ${bound
            .map((m) => `${describe(m)}, bound to ${m.driver ?? 'no driver'}`)
            .join('; ')}: ${vm.name} cannot start while the host keeps it. Assign the whole group.`,
        ),
      );
  }
  if (device.sriov?.role === 'pf' && device.sriov.vfs.length === 0)
    conflicts.push(
      warn(
        'vf-disabled',
        `${device.address} is an SR-IOV PF with no VFs enabled: assigning it takes the whole port from the host. Set its VF count to hand out VFs instead.`,
      ),
    );
  for (const d of taken)
    if (d.bootVga)
      conflicts.push(
        warn(
          'boot-gpu',
          `${describe(d)} is ${facts.name}'s boot GPU: the host loses its console while ${vm.name} runs.`,
        ),
      );
  if (
    vm.numaNodes.length > 0 &&
    device.numaNode !== null &&
    !vm.numaNodes.includes(device.numaNode)
  )
    conflicts.push(
      warn(
        'numa',
        `${device.address} is on NUMA node ${device.numaNode}, but ${vm.name}'s vCPUs and memory are pinned to node ${vm.numaNodes.join(', ')}: its DMA and interrupts cross the interconnect.`,
      ),
    );
  conflicts.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'refuse' ? -1 : 1));
  return { conflicts, groupMembers: members.map((m) => m.address), live: vm.active };
}

export function refusals(check: AssignCheck): Conflict[] {
  return check.conflicts.filter((c) => c.severity === 'refuse');
}

const REFUSAL_CODE: Record<ConflictKind, ErrorCode> = {
  'iommu-off': 'UNSUPPORTED',
  'already-assigned': 'CONFLICT',
  'not-network': 'INVALID_INPUT',
  'used-running': 'CONFLICT',
  'used-defined': 'CONFLICT',
  'group-host-driver': 'CONFLICT',
  'vf-disabled': 'NOT_FOUND',
  'boot-gpu': 'CONFLICT',
  numa: 'CONFLICT',
  'hotplug-gpu': 'INVALID_STATE',
};

/** Throws every refusal of the check as one error (the first one's code); nothing to refuse: returns. */
export function assertAssignable(check: AssignCheck): void {
  const refused = refusals(check);
  const first = refused[0];
  if (first)
    throw new VirtdeskError(REFUSAL_CODE[first.kind], refused.map((c) => c.message).join(' '));
}

/**
 * The sysfs rules of `sriov_numvfs`: at most `sriov_totalvfs`; a non-zero count changes only
 * through 0 (the kernel answers EBUSY); refused while a VF is in use by a running VM. Null: fine.
 */
export function checkVfCount(
  pf: HostDevice | undefined,
  count: number,
  devices: readonly HostDevice[],
): string | null {
  if (!pf || pf.sriov?.role !== 'pf')
    return `${pf?.address ?? 'The device'} is not an SR-IOV physical function.`;
  const { maxVfs, vfs } = pf.sriov;
  if (!Number.isInteger(count) || count < 0)
    return `The VF count must be a whole number from 0 to ${maxVfs}.`;
  if (count > maxVfs) return `${pf.address} has at most ${maxVfs} VFs (sriov_totalvfs).`;
  if (count === vfs.length) return null;
  const busy = devices.filter((d) => vfs.includes(d.address) && d.users.some((u) => u.running));
  if (busy.length > 0)
    return `VF ${busy.map((d) => d.address).join(', ')} of ${pf.address} is in use by ${usersText(
      busy.flatMap((d) => d.users.filter((u) => u.running)),
    )}, which is running: the VF count cannot change while a VF is in use.`;
  if (vfs.length > 0 && count > 0)
    return `${pf.address} has ${vfs.length} VFs: set the count to 0 first, then to ${count} (the kernel changes a non-zero sriov_numvfs only through 0).`;
  return null;
}

/**
 * Why the device cannot move to vfio-pci (`nodedev-detach`) or back to its host driver
 * (`nodedev-reattach`) now; null when it can (or already is there).
 */
export function checkBind(
  facts: Pick<HostFacts, 'name' | 'iommu' | 'cpuVendor' | 'devices'>,
  address: string,
  to: HostBinding,
): { code: ErrorCode; message: string } | null {
  const d = facts.devices.find((x) => x.address === address);
  if (!d) return { code: 'NOT_FOUND', message: `${facts.name} has no PCI device ${address}.` };
  if (to === 'vfio-pci' && !facts.iommu)
    return { code: 'UNSUPPORTED', message: iommuOffMessage(facts.name, facts.cpuVendor) };
  const holders = d.users.filter((u) => u.running);
  if (holders.length > 0)
    return {
      code: 'CONFLICT',
      message: `${address} is in use by ${usersText(holders)}, which is running: it stays on vfio-pci until the VM stops.`,
    };
  return null;
}

/** What a VM's definition holds of one host PCI device (start checks, the VM detail). */
export interface AssignedPci {
  address: string;
  as: AssignAs;
  managed: boolean;
  mac?: string;
  vlan?: number;
}

/**
 * What libvirt + VFIO refuse when a VM with host devices starts, worded as libvirt/QEMU word it;
 * null when the start can go ahead. `devices` is the host as it is (drivers bound now).
 */
export function startRefusal(
  facts: Pick<HostFacts, 'iommu' | 'devices'>,
  vm: { id: string },
  assigned: readonly AssignedPci[],
): string | null {
  if (assigned.length === 0) return null;
  if (!facts.iommu)
    return "unsupported configuration: host doesn't support passthrough of host PCI devices";
  const mine = new Set(assigned.map((a) => a.address));
  for (const a of assigned) {
    const d = facts.devices.find((x) => x.address === a.address);
    if (!d)
      return `Device ${a.address} not found: could not access /sys/bus/pci/devices/${a.address}/config: No such file or directory`;
    const other = d.users.find((u) => u.running && u.vmId !== vm.id);
    if (other)
      return `Requested operation is not valid: PCI device ${a.address} is in use by driver QEMU, domain ${other.vmName}`;
  }
  for (const a of assigned) {
    const d = facts.devices.find((x) => x.address === a.address);
    if (!d) continue;
    const blocker = facts.devices.find(
      (m) => sameGroup(m, d) && !mine.has(m.address) && !isVfioFriendly(m.driver),
    );
    if (blocker)
      return `internal error: qemu unexpectedly closed the monitor: vfio ${a.address}: group ${d.iommuGroup} is not viable. Please ensure all devices within the iommu_group are bound to their vfio bus driver.`;
  }
  return null;
}

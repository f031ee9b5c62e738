// Who uses each host PCI device, from the domains' persistent and live definitions, the same for
// both drivers: a VM uses a device when either definition names it, and holds it (running) when
// it is active with the device in its live definition.
import type { DeviceUser, HostDevice } from '../../../shared/hostDevices';
import { isActive } from '../../../shared/lifecycle';
import type { PciDevice, VmState } from '../../../shared/model';
import type { DomainDoc } from './domainDoc';

export interface PciHolder {
  id: string;
  name: string;
  state: VmState;
  config: DomainDoc;
  live: DomainDoc | null;
}

export type PciUser = DeviceUser & { managed: boolean };

/** Device address → the VMs naming it, each once. */
export function pciUsers(vms: Iterable<PciHolder>): Map<string, PciUser[]> {
  const out = new Map<string, PciUser[]>();
  for (const vm of vms) {
    const live = isActive(vm.state) ? vm.live : null;
    const seen = new Set<string>();
    for (const doc of [live, vm.config]) {
      for (const a of doc?.facts.hostPci ?? []) {
        if (seen.has(a.address)) continue;
        seen.add(a.address);
        const list = out.get(a.address) ?? [];
        list.push({
          vmId: vm.id,
          vmName: vm.name,
          running: live?.facts.hostPci.some((x) => x.address === a.address) === true,
          as: a.as,
          managed: a.managed,
          ...(a.mac !== undefined ? { mac: a.mac } : {}),
          ...(a.vlan !== undefined ? { vlan: a.vlan } : {}),
        });
        out.set(a.address, list);
      }
    }
  }
  return out;
}

/** The devices with their users and VF indexes, in IOMMU group order then address. */
export function withUsers(
  devices: readonly PciDevice[],
  users: ReadonlyMap<string, PciUser[]>,
  driverOf: (d: PciDevice, users: readonly PciUser[]) => string | null = (d) => d.driver,
): HostDevice[] {
  const pfs = new Map(
    devices.flatMap((d) => (d.sriov?.role === 'pf' ? [[d.address, d.sriov.vfs] as const] : [])),
  );
  return devices
    .map((d): HostDevice => {
      const u = users.get(d.address) ?? [];
      const out: HostDevice = {
        ...d,
        driver: driverOf(d, u),
        users: u.map(({ managed: _m, ...rest }) => rest),
      };
      const vfs = d.sriov?.role === 'vf' ? pfs.get(d.sriov.pf) : undefined;
      if (vfs && vfs.includes(d.address)) out.vfIndex = vfs.indexOf(d.address);
      return out;
    })
    .sort((a, b) => a.iommuGroup - b.iommuGroup || a.address.localeCompare(b.address));
}

/** NUMA nodes of a VM's pinned vCPUs and bound memory, given the host's nodes. */
export function vmNumaNodes(
  config: DomainDoc,
  nodes: readonly { id: number; cpus: number[] }[],
): number[] {
  const f = config.facts;
  const cpuNodes = nodes.filter((n) => n.cpus.some((c) => f.pinnedCpus.includes(c)));
  return [...new Set([...cpuNodes.map((n) => n.id), ...f.memoryNodes])].sort((a, b) => a - b);
}

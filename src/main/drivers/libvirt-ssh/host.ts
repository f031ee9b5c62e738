// The host itself: hardware from `capabilities` + `nodeinfo` + `freepages` + PCI node devices,
// the hypervisor from `version`, and its networks, in two round trips (the second only for the
// PCI devices' XML).
import { VirtdeskError } from '../../../shared/errors';
import type { HostHardware, HugepagePool, NumaNode, PcpuInfo } from '../../../shared/model';
import type { CapabilitiesView } from '../../../shared/libvirt-xml';
import { parseCpuset, parseXml, readCapabilities } from '../../../shared/libvirt-xml';
import type { Virsh } from './domain';
import { NET_LIST_UUIDS, NET_NAME, namesOfUuids } from './network';
import { NODEDEV_LIST_PCI, nodeDevicesPciOf } from './nodeDevice';
import { virshLine } from './quote';
import { parseInfo } from './vmRecord';
import { stdoutOf } from './virsh';

export interface HostFacts {
  hardware: HostHardware;
  hypervisor: string;
  networks: string[];
  capabilities: CapabilitiesView;
}

/** `virsh freepages --all`: node → page size KiB → free pages. */
export function parseFreePages(text: string): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  let node: Map<number, number> | null = null;
  for (const line of text.split('\n')) {
    const head = /^Node (\d+):/.exec(line.trim());
    if (head) {
      node = new Map();
      out.set(Number(head[1]), node);
      continue;
    }
    const m = /^(\d+)KiB:\s*(\d+)$/.exec(line.trim());
    if (m && node) node.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

/** "Running hypervisor: QEMU 7.2.22" + "Using library: libvirt 9.0.0" → readable string. */
export function hypervisorOf(version: string, caps: CapabilitiesView): string {
  const info = parseInfo(version);
  const hv = info.get('Running hypervisor') ?? 'QEMU';
  const lib = info.get('Using library');
  const kvm = caps.guests.some((g) => g.domainTypes.includes('kvm'));
  const name = kvm ? hv.replace(/^QEMU\b/, 'QEMU/KVM') : `${hv} (TCG, no KVM)`;
  return lib ? `${name}, ${lib}` : name;
}

export function numaNodes(
  caps: CapabilitiesView,
  free: Map<number, Map<number, number>>,
): NumaNode[] {
  return caps.numaCells.map((cell, i) => {
    const id = cell.id ?? i;
    const base = Math.min(...cell.pages.map((p) => p.sizeKiB));
    const hugepages: HugepagePool[] = cell.pages
      .filter((p) => p.sizeKiB > base)
      .map((p) => ({
        sizeKiB: p.sizeKiB,
        total: p.count,
        free: free.get(id)?.get(p.sizeKiB) ?? 0,
      }));
    return { id, cpus: cell.cpus.map((c) => c.id), memoryKiB: cell.memoryKiB ?? 0, hugepages };
  });
}

/** Every host CPU (hardware thread) with its node, socket, core and hyper-thread siblings. */
export function pcpusOf(caps: CapabilitiesView): Omit<PcpuInfo, 'usagePercent'>[] {
  return caps.numaCells
    .flatMap((cell, i) =>
      cell.cpus.map((c) => ({
        id: c.id,
        node: cell.id ?? i,
        socket: c.socketId ?? 0,
        core: c.coreId ?? c.id,
        siblings: parseCpuset(c.siblings) ?? [c.id],
      })),
    )
    .sort((a, b) => a.id - b.id);
}

export async function hostRead({ virsh }: { virsh: Virsh }): Promise<HostFacts> {
  const [capsR, nodeR, versionR, freeR, netR, pciR] = await virsh.batch([
    virshLine('capabilities'),
    virshLine('nodeinfo'),
    virshLine('version'),
    virshLine('freepages', '--all'),
    NET_LIST_UUIDS,
    NODEDEV_LIST_PCI,
  ]);
  // The networks' names and the devices' XML, each depending on a list above, in one round trip.
  const networksRead = netR?.ok
    ? namesOfUuids(virsh, netR.stdout, NET_NAME).catch(() => [])
    : Promise.resolve([]);
  const pciRead = pciR?.ok
    ? nodeDevicesPciOf(virsh, pciR.stdout)
    : Promise.reject(pciR?.error ?? new VirtdeskError('HOST_ERROR', 'no nodedev-list'));
  pciRead.catch(() => {});
  const networks = await networksRead;
  const capsOut = stdoutOf(capsR, 'HOST_ERROR', 'no capabilities');
  const nodeOut = stdoutOf(nodeR, 'HOST_ERROR', 'no nodeinfo');
  const caps = readCapabilities(parseXml(capsOut, { root: 'capabilities' }));
  const node = parseInfo(nodeOut);
  const int = (key: string) => Number.parseInt(node.get(key) ?? '', 10) || 0;
  const topo = caps.cpu.topology;
  const pciDevices = await pciRead;
  const hardware: HostHardware = {
    cpuModel:
      [caps.cpu.vendor, caps.cpu.model].filter(Boolean).join(' ') || (node.get('CPU model') ?? ''),
    sockets: topo?.sockets ?? int('CPU socket(s)'),
    coresPerSocket: topo?.cores ?? int('Core(s) per socket'),
    threadsPerCore: topo?.threads ?? int('Thread(s) per core'),
    memoryKiB: int('Memory size') || (caps.totalMemoryKiB ?? 0),
    numaNodes: numaNodes(caps, freeR?.ok ? parseFreePages(freeR.stdout) : new Map()),
    pciDevices,
  };
  return {
    hardware,
    hypervisor: versionR?.ok ? hypervisorOf(versionR.stdout, caps) : 'QEMU',
    networks,
    capabilities: caps,
  };
}

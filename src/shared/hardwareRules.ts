// The rules a Hardware change is checked against before it is applied, pure so both drivers (and
// the renderer, to mark a field as it is edited) give the same answer. Refusals use libvirt's own
// words (qemu_validate.c, domain_validate.c, virnuma.c, virsh) so a user who meets the same
// problem in virsh or a log recognises it; warnings are virtdesk's, for choices libvirt allows but
// that cost performance (cross-node memory, shared or oversubscribed pCPUs, hugepages short).
import type {
  CpuSet,
  CpuSettings,
  HardwareHostFacts,
  MemorySettings,
  NicSettings,
  PinningSettings,
} from './hardware';
import { pageSizeText } from './tuning';

/** A cpuset in libvirt's notation, "2-5,8". */
export function cpusetText(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------
// CPUs

/** libvirt's check that the topology accounts for every vCPU (qemuValidateDomainDefCpu). */
export function topologyProblem(cpu: Pick<CpuSettings, 'topology' | 'maxVcpus'>): string | null {
  const t = cpu.topology;
  if (t !== null && t.sockets * t.cores * t.threads !== cpu.maxVcpus)
    return "unsupported configuration: CPU topology doesn't match maximum vcpu count";
  return null;
}

/** vCPUs online above the maximum: `setvcpus` on the live domain or `define` of the persistent one. */
export function vcpusAboveMax(vcpus: number, max: number, live: boolean): string | null {
  if (vcpus <= max) return null;
  const which = live ? 'live' : 'persistent';
  return `invalid argument: requested vcpus is greater than max allowable vcpus for the ${which} domain: ${vcpus} > ${max}`;
}

export function cpuRefusal(
  cpu: CpuSettings,
  host: Pick<HardwareHostFacts, 'maxVcpus' | 'cpuModels'>,
): string | null {
  if (cpu.maxVcpus > host.maxVcpus)
    return `unsupported configuration: Maximum CPUs greater than specified machine type limit ${host.maxVcpus}`;
  const above = vcpusAboveMax(cpu.vcpus, cpu.maxVcpus, false);
  if (above !== null) return above;
  const topo = topologyProblem(cpu);
  if (topo !== null) return topo;
  if (cpu.mode === 'custom') {
    if (cpu.model === null) return 'A custom CPU needs a model.';
    if (host.cpuModels.length > 0 && !host.cpuModels.includes(cpu.model))
      return `unsupported configuration: CPU model ${cpu.model} is not supported by hypervisor`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Pinning

/** Every pCPU this VM pins anything to (vCPUs, emulator, iothreads), ascending. */
export function pinnedCpus(p: PinningSettings): CpuSet {
  const all = new Set<number>();
  for (const set of [...p.vcpus, p.emulator, ...p.iothreads]) for (const c of set ?? []) all.add(c);
  return [...all].sort((a, b) => a - b);
}

export function pinningRefusal(
  p: PinningSettings,
  host: Pick<HardwareHostFacts, 'cpus' | 'nodes'>,
): string | null {
  const ids = new Set(host.cpus.map((c) => c.id));
  const missing = pinnedCpus(p).find((c) => !ids.has(c));
  if (missing !== undefined) return `invalid argument: Physical CPU ${missing} doesn't exist.`;
  const nodes = new Set(host.nodes.map((n) => n.id));
  const node = p.numatune?.nodeset.find((n) => !nodes.has(n));
  if (node !== undefined) return `unsupported configuration: NUMA node ${node} is unavailable`;
  return null;
}

/**
 * What is allowed but slow: vCPUs on nodes the memory may not come from; pCPUs another VM is
 * pinned to (running: now; shut off: once both run); more vCPUs than the pCPUs they share.
 */
export function pinningWarnings(
  p: PinningSettings,
  host: Pick<HardwareHostFacts, 'cpus' | 'pins'>,
): string[] {
  const out: string[] = [];
  const nodeOf = new Map(host.cpus.map((c) => [c.id, c.node]));
  const pinned = p.vcpus.flatMap((set, vcpu) => (set === null ? [] : [{ vcpu, set }]));
  const numa = p.numatune;
  if (numa !== null && (numa.mode === 'strict' || numa.mode === 'restrictive')) {
    const allowed = new Set(numa.nodeset);
    const away = pinned.filter(({ set }) => set.some((c) => !allowed.has(nodeOf.get(c) ?? -1)));
    if (away.length > 0) {
      const nodes = new Set(away.flatMap(({ set }) => set.map((c) => nodeOf.get(c) ?? -1)));
      const awayNodes = [...nodes].filter((n) => !allowed.has(n));
      out.push(
        `vCPUs ${cpusetText(away.map((a) => a.vcpu))} run on node ${cpusetText(awayNodes)} while ` +
          `memory is ${numa.mode} on node ${cpusetText(numa.nodeset)}: their memory is remote.`,
      );
    }
  }
  const mine = new Set(pinnedCpus(p));
  // Running VMs first: they compete now; a shut-off one only once both run.
  for (const other of [...host.pins].sort((a, b) => Number(b.running) - Number(a.running))) {
    const shared = other.cpus.filter((c) => mine.has(c));
    if (shared.length === 0) continue;
    const them = shared.length === 1 ? 'it' : 'them';
    out.push(
      `CPU ${cpusetText(shared)} ${shared.length === 1 ? 'is' : 'are'} also pinned by ` +
        (other.running
          ? `${other.name}, which is running: the two VMs will compete for ${them}.`
          : `${other.name} (shut off): the two VMs will compete for ${them} when both run.`),
    );
  }
  const chosen = new Set(pinned.flatMap(({ set }) => set));
  if (pinned.length > chosen.size)
    out.push(
      `${plural(pinned.length, 'vCPU')} pinned onto ${plural(chosen.size, 'CPU')}: ` +
        'oversubscribed, they will wait for each other.',
    );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Memory

export function memoryRefusal(
  m: MemorySettings,
  opts: {
    running: boolean;
    currentChanged: boolean;
    guestNumaNodes: number;
    /** The <page nodeset> is being changed (one libvirt already accepted is left alone). */
    pageNodesetChanged: boolean;
  },
): string | null {
  if (m.currentKiB > m.maxKiB) return 'invalid argument: cannot set memory higher than max memory';
  if (opts.running && opts.currentChanged && m.balloon === 'none')
    return 'Requested operation is not valid: Unable to change memory of active domain without the balloon device and guest OS balloon driver';
  // <page nodeset> names the guest's NUMA nodes; a guest without any has only node 0.
  const nodes = Math.max(1, opts.guestNumaNodes);
  const bad = opts.pageNodesetChanged ? m.hugepages?.nodeset?.find((n) => n >= nodes) : undefined;
  if (bad !== undefined) return `unsupported configuration: hugepages: node ${bad} not found`;
  return null;
}

/** The host nodes a VM's memory comes from: numatune's nodeset when binding, else any. */
export function memoryNodes(
  numatune: PinningSettings['numatune'],
  hostNodes: readonly number[],
): number[] {
  if (numatune !== null && (numatune.mode === 'strict' || numatune.mode === 'restrictive'))
    return numatune.nodeset.filter((n) => hostNodes.includes(n));
  return [...hostNodes];
}

export interface HugepageNeed {
  sizeKiB: number;
  pages: number;
  nodes: number[];
  free: number;
}

/** Pages of the chosen size the VM takes at start (all of its memory), and how many are free. */
export function hugepageNeed(
  m: Pick<MemorySettings, 'maxKiB' | 'hugepages'>,
  numatune: PinningSettings['numatune'],
  host: Pick<HardwareHostFacts, 'nodes'>,
  /** Pages this VM holds now (a running VM gives them back before it boots again). */
  held = 0,
): HugepageNeed | null {
  if (m.hugepages === null) return null;
  const sizeKiB = m.hugepages.sizeKiB;
  const nodes = memoryNodes(
    numatune,
    host.nodes.map((n) => n.id),
  );
  const free = host.nodes
    .filter((n) => nodes.includes(n.id))
    .reduce((sum, n) => sum + (n.hugepages.find((p) => p.sizeKiB === sizeKiB)?.free ?? 0), 0);
  return { sizeKiB, pages: Math.ceil(m.maxKiB / sizeKiB), nodes, free: free + held };
}

export function hugepageWarning(need: HugepageNeed | null): string | null {
  if (need === null || need.free >= need.pages) return null;
  const where =
    need.nodes.length === 1 ? `node ${need.nodes[0]}` : `nodes ${cpusetText(need.nodes)}`;
  return (
    `Hugepages short: the VM needs ${plural(need.pages, `page`)} of ${pageSizeText(need.sizeKiB)} ` +
    `on ${where}, which ${need.nodes.length === 1 ? 'has' : 'have'} ${need.free} free: it will not start until the pool grows.`
  );
}

// ---------------------------------------------------------------------------------------------
// Disks and NICs

/** QEMU's rule on native AIO (qemuValidateDomainDeviceDefDiskFrontend). */
export function diskIoProblem(d: { io: string; cache: string }): string | null {
  if (d.io === 'native' && d.cache !== 'none' && d.cache !== 'directsync')
    return "unsupported configuration: io='native' needs either no disk cache or directsync cache mode";
  return null;
}

/** Multiqueue is a virtio-net feature; other models (and a VF) have their own queues. */
export function nicQueuesProblem(nic: NicSettings): string | null {
  if (nic.queues === null || nic.queues <= 1) return null;
  if (nic.source.type === 'hostdev')
    return 'unsupported configuration: Multiqueue network is not supported for: hostdev';
  if (nic.model !== 'virtio')
    return `Multiqueue (queues) needs the virtio model; ${nic.model === '' ? 'this NIC has none' : nic.model} has one queue pair.`;
  return null;
}

export function nicRefusal(
  nic: NicSettings,
  was: NicSettings | undefined,
  host: Pick<HardwareHostFacts, 'networks' | 'vfs'>,
): string | null {
  const q = nicQueuesProblem(nic);
  if (q !== null) return q;
  const s = nic.source;
  const same = was !== undefined && JSON.stringify(was.source) === JSON.stringify(s);
  if (same) return null;
  if (s.type === 'network' && !host.networks.includes(s.network))
    return `Network not found: no network with matching name '${s.network}'`;
  if (s.type === 'hostdev' && !host.vfs.some((v) => v.address === s.address))
    return `PCI device ${s.address} is not a free VF of this host.`;
  return null;
}

export function nicWarnings(
  nics: NicSettings[],
  host: Pick<HardwareHostFacts, 'bridges' | 'interfaces'>,
): string[] {
  const out: string[] = [];
  for (const n of nics) {
    if (n.source.type === 'bridge' && !host.bridges.includes(n.source.bridge))
      out.push(`${n.mac}: the host has no bridge ${n.source.bridge}; the VM will not start.`);
    if (n.source.type === 'direct' && !host.interfaces.includes(n.source.dev))
      out.push(`${n.mac}: the host has no interface ${n.source.dev} for macvtap.`);
  }
  return out;
}

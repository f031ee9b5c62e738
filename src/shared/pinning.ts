// vCPU pinning on a host's map: what can be pinned (vCPUs, emulator, iothreads) and how it is
// called, which pCPUs are taken and by whom, and the "fit to one node" proposal (the node with the
// most free cores, hyper-thread siblings paired, memory strict on that node). Pure; the warnings
// and refusals of a placement are the plan's (hardwareRules.ts), shown as the user edits too.
import type { CpuSet, HostPin, NumaMode, PinningSettings } from './hardware';
import type { PcpuInfo } from './model';

/** A host CPU as the map places it (no usage figure needed). */
export type PcpuPlace = Omit<PcpuInfo, 'usagePercent'>;

/** One thing of this VM that can be pinned: a vCPU, the emulator, an iothread. */
export type PinSlot =
  { kind: 'vcpu'; id: number } | { kind: 'emulator' } | { kind: 'iothread'; id: number };

/** How a slot is called on its chip and on the map ("vCPU 3", "Emulator", "IOThread 1"). */
export function slotLabel(slot: PinSlot): string {
  if (slot.kind === 'vcpu') return `vCPU ${slot.id}`;
  if (slot.kind === 'emulator') return 'Emulator';
  return `IOThread ${slot.id}`;
}

/** Every slot of a VM's pinning, vCPUs first, then the emulator, then each iothread. */
export function pinSlots(p: PinningSettings): PinSlot[] {
  return slotsFor(p.vcpus.length, p.iothreads.length);
}

/** The slots of a VM with that many vCPUs and iothreads. */
export function slotsFor(vcpus: number, iothreads: number): PinSlot[] {
  return [
    ...Array.from({ length: vcpus }, (_, id): PinSlot => ({ kind: 'vcpu', id })),
    { kind: 'emulator' },
    ...Array.from({ length: iothreads }, (_, i): PinSlot => ({ kind: 'iothread', id: i + 1 })),
  ];
}

export function slotCpus(p: PinningSettings, slot: PinSlot): CpuSet | null {
  if (slot.kind === 'vcpu') return p.vcpus[slot.id] ?? null;
  if (slot.kind === 'emulator') return p.emulator;
  return p.iothreads[slot.id - 1] ?? null;
}

/** The pinning with one slot set to `cpus` (null unpins it); the rest unchanged. */
export function withSlot(p: PinningSettings, slot: PinSlot, cpus: CpuSet | null): PinningSettings {
  const set = cpus === null ? null : [...new Set(cpus)].sort((a, b) => a - b);
  if (slot.kind === 'vcpu')
    return { ...p, vcpus: p.vcpus.map((c, i) => (i === slot.id ? set : c)) };
  if (slot.kind === 'emulator') return { ...p, emulator: set };
  return { ...p, iothreads: p.iothreads.map((c, i) => (i === slot.id - 1 ? set : c)) };
}

/** This VM's slots on each pCPU: CPU id → labels ("vCPU 0", "Emulator"), in slot order. */
export function slotsByCpu(p: PinningSettings): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const slot of pinSlots(p))
    for (const cpu of slotCpus(p, slot) ?? []) {
      const list = out.get(cpu) ?? [];
      list.push(slotLabel(slot));
      out.set(cpu, list);
    }
  return out;
}

/** The other VMs pinned on each pCPU: CPU id → their pins, by name. */
export function vmsByCpu(pins: readonly HostPin[]): Map<number, HostPin[]> {
  const out = new Map<number, HostPin[]>();
  for (const pin of [...pins].sort((a, b) => a.name.localeCompare(b.name)))
    for (const cpu of new Set(pin.cpus)) {
      const list = out.get(cpu) ?? [];
      list.push(pin);
      out.set(cpu, list);
    }
  return out;
}

interface NodeCores {
  node: number;
  /** Each core's threads, ascending CPU ids; cores by socket then core id. */
  cores: number[][];
}

/** Each node's cores with their threads, nodes ascending. */
function coresByNode(cpus: readonly PcpuPlace[]): NodeCores[] {
  const nodes = new Map<number, Map<string, { socket: number; core: number; ids: number[] }>>();
  for (const c of cpus) {
    const cores = nodes.get(c.node) ?? new Map();
    nodes.set(c.node, cores);
    const key = `${c.socket}:${c.core}`;
    const entry = cores.get(key) ?? { socket: c.socket, core: c.core, ids: [] };
    entry.ids.push(c.id);
    cores.set(key, entry);
  }
  return [...nodes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([node, cores]) => ({
      node,
      cores: [...cores.values()]
        .sort((a, b) => a.socket - b.socket || a.core - b.core)
        .map((c) => c.ids.sort((a, b) => a - b)),
    }));
}

/** The pCPUs a running VM of `pins` is pinned to. */
function busyCpus(pins: readonly HostPin[]): Set<number> {
  return new Set(pins.filter((p) => p.running).flatMap((p) => p.cpus));
}

export interface FitProposal {
  node: number;
  /** One single-pCPU set per vCPU, vCPU id = index. */
  vcpus: CpuSet[];
  numatune: { mode: NumaMode; nodeset: CpuSet };
}

export type FitResult =
  { proposal: FitProposal; reason: null } | { proposal: null; reason: string };

/**
 * A placement of `vcpuCount` vCPUs on one NUMA node: the node with the most free cores (free = no
 * running VM pinned on any of its threads; ties go to the node whose free cores fewer shut-off VMs
 * are pinned to, then to the lower node). With `threadsPerCore` 2 (the
 * VM's own topology) vCPUs 2k and 2k+1 share core k's two sibling threads, so the guest's idea of
 * siblings is the host's; otherwise each vCPU gets a core of its own first, and second threads are
 * used only when the node has fewer free cores than vCPUs. Memory goes strict on the same node.
 * `reserved` are pCPUs the VM keeps for something else (its emulator and iothread pins): their
 * cores are not free either, so vCPUs do not compete with QEMU's own threads.
 */
export function fitToOneNode(
  cpus: readonly PcpuPlace[],
  vcpuCount: number,
  pins: readonly HostPin[],
  threadsPerCore = 1,
  reserved: readonly number[] = [],
): FitResult {
  if (vcpuCount < 1) return { proposal: null, reason: 'The VM has no vCPUs to place.' };
  const busy = busyCpus(pins);
  for (const cpu of reserved) busy.add(cpu);
  // A shut-off VM's pins do not make a core busy, but they compete once both run (the plan warns
  // about them): such cores come last, and break ties between nodes.
  const dormant = new Set(pins.filter((p) => !p.running).flatMap((p) => p.cpus));
  const clean = (threads: readonly number[]) => threads.every((t) => !dormant.has(t));
  const nodes = coresByNode(cpus).map((n) => {
    const free = n.cores.filter((threads) => threads.every((t) => !busy.has(t)));
    return {
      node: n.node,
      free: [...free.filter(clean), ...free.filter((t) => !clean(t))],
      clean: free.filter(clean).length,
    };
  });
  if (nodes.length === 0) return { proposal: null, reason: 'The host reports no CPUs.' };
  const best = nodes.reduce((a, b) =>
    b.free.length > a.free.length || (b.free.length === a.free.length && b.clean > a.clean) ? b : a,
  );
  const capacity = best.free.reduce((sum, threads) => sum + threads.length, 0);
  if (capacity < vcpuCount)
    return {
      proposal: null,
      reason:
        `No NUMA node has ${vcpuCount} free pCPUs: node ${best.node}, the freest, has ` +
        `${best.free.length} free cores (${capacity} pCPUs).`,
    };
  const paired = threadsPerCore >= 2 && best.free.every((threads) => threads.length >= 2);
  const order: number[] = paired
    ? best.free.flatMap((threads) => threads.slice(0, 2))
    : // Each core's first thread, then each core's second …
      Array.from({ length: Math.max(...best.free.map((t) => t.length)) }, (_, t) =>
        best.free.flatMap((threads) => (t < threads.length ? [threads[t]!] : [])),
      ).flat();
  return {
    proposal: {
      node: best.node,
      vcpus: order.slice(0, vcpuCount).map((cpu) => [cpu]),
      numatune: { mode: 'strict', nodeset: [best.node] },
    },
    reason: null,
  };
}

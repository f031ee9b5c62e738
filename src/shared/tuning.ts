// Host tuning: hugepage accounting per NUMA node with the kernel's nr_hugepages semantics (the
// simulated host's model of it, unit-tested), KSM savings, and where each pCPU sits (node, core,
// hyper-thread siblings) for the map the Tuning tab draws. Pure: the renderer imports it too.
import type { ApiMethod } from './api';
import type { HostHardware, HugepagePool, KsmState, PcpuInfo } from './model';

/** The api methods a driver serves through its optional `tuning` capability. */
export type TuningMethod = Extract<ApiMethod, `tuning${string}`>;

/** Base pages KSM merges. */
export const KSM_PAGE_KiB = 4;

/** Memory merging saved: each extra sharer of a page is a page not held twice. */
export function ksmSavedKiB(ksm: Pick<KsmState, 'pagesSharing'>): number {
  return ksm.pagesSharing * KSM_PAGE_KiB;
}

/** "2 MiB", "1 GiB" for a page size in KiB. */
export function pageSizeText(sizeKiB: number): string {
  if (sizeKiB >= 1024 * 1024 && sizeKiB % (1024 * 1024) === 0)
    return `${sizeKiB / 1024 / 1024} GiB`;
  if (sizeKiB >= 1024 && sizeKiB % 1024 === 0) return `${sizeKiB / 1024} MiB`;
  return `${sizeKiB} KiB`;
}

/** What the kernel knows of one node's memory when a hugepage pool is resized. */
export interface NodeMemoryModel {
  id: number;
  totalKiB: number;
  /** Held by the kernel, page cache and other processes: never free for hugepages. */
  reservedKiB: number;
  /** Guests' ordinary (non-hugepage) memory on the node. */
  guestKiB: number;
  hugepages: HugepagePool[];
  /**
   * Of the node's free memory, the share that lies in physically contiguous, aligned blocks of
   * 1 GiB: a running system fragments memory, so gigantic pages rarely all fit.
   */
  gigantic: number;
}

export function poolKiB(pools: readonly HugepagePool[]): number {
  return pools.reduce((sum, p) => sum + p.total * p.sizeKiB, 0);
}

/** Memory on the node that is neither reserved, nor a guest's, nor in a hugepage pool. */
export function nodeFreeKiB(n: NodeMemoryModel): number {
  return Math.max(0, n.totalKiB - n.reservedKiB - n.guestKiB - poolKiB(n.hugepages));
}

/** Of free memory, the share usable for pages of this size (2 MiB pages nearly all of it). */
function usableShare(n: NodeMemoryModel, sizeKiB: number): number {
  return sizeKiB >= 1024 * 1024 ? n.gigantic : 0.95;
}

export interface ResizeOutcome {
  result: {
    requested: number;
    allocated: number;
    shortfall: string | null;
  };
  /** The node afterwards. */
  node: NodeMemoryModel;
}

/**
 * Writing `count` to the node's nr_hugepages for `sizeKiB`: the pool shrinks by freeing unused
 * pages only (pages guests hold stay: the total stops at them), and grows by as many pages as the
 * node's free memory holds in blocks of that size, which for 1 GiB pages is what fragmentation
 * leaves. Like the kernel, it does what it can and the new total says how far it got.
 */
export function resizeHugepages(
  n: NodeMemoryModel,
  sizeKiB: number,
  count: number,
): ResizeOutcome | null {
  const pool = n.hugepages.find((p) => p.sizeKiB === sizeKiB);
  if (!pool) return null;
  const inUse = pool.total - pool.free;
  let total = count;
  let shortfall: string | null = null;
  const size = pageSizeText(sizeKiB);
  if (count < inUse) {
    total = inUse;
    shortfall = `${inUse} ${size} pages on node ${n.id} are in use by guests: the pool cannot shrink below ${inUse}.`;
  } else if (count > pool.total) {
    const free = nodeFreeKiB(n);
    const room = Math.floor((free * usableShare(n, sizeKiB)) / sizeKiB);
    const grant = Math.min(count - pool.total, room);
    total = pool.total + grant;
    if (grant < count - pool.total) {
      const why =
        sizeKiB >= 1024 * 1024
          ? `node ${n.id}'s free memory is fragmented: ${room} free ${size} block${room === 1 ? '' : 's'}`
          : `node ${n.id} has ${Math.floor(free / 1024)} MiB free`;
      shortfall = `The kernel allocated ${grant} of ${count - pool.total} more ${size} pages: ${why}.`;
    }
  }
  const hugepages = n.hugepages.map((p) =>
    p === pool ? { sizeKiB, total, free: total - inUse } : p,
  );
  return {
    result: { requested: count, allocated: total, shortfall },
    node: { ...n, hugepages },
  };
}

/**
 * Where each host CPU sits, from the hardware summary the simulated host has: CPUs are numbered
 * core by core across sockets first, then the second thread of every core (Linux's numbering on
 * AMD and Intel alike), so CPU c and c + cores are siblings.
 */
export function pcpusOf(hw: HostHardware): Omit<PcpuInfo, 'usagePercent'>[] {
  const cores = hw.sockets * hw.coresPerSocket;
  const nodeOf = new Map<number, number>();
  for (const n of hw.numaNodes) for (const c of n.cpus) nodeOf.set(c, n.id);
  const all = cores * hw.threadsPerCore;
  return Array.from({ length: all }, (_, id) => {
    const core = id % cores;
    return {
      id,
      node: nodeOf.get(id) ?? 0,
      socket: Math.floor(core / hw.coresPerSocket),
      core,
      siblings: Array.from({ length: hw.threadsPerCore }, (_, t) => core + t * cores),
    };
  });
}

/** The map's layout: nodes, each with its cores (by socket and core id), each with its threads. */
export interface CpuMapNode {
  node: number;
  cores: { socket: number; core: number; cpus: PcpuInfo[] }[];
}

export function cpuMapLayout(cpus: readonly PcpuInfo[]): CpuMapNode[] {
  const nodes = new Map<number, Map<string, { socket: number; core: number; cpus: PcpuInfo[] }>>();
  for (const c of [...cpus].sort((a, b) => a.id - b.id)) {
    const cores = nodes.get(c.node) ?? new Map();
    nodes.set(c.node, cores);
    const key = `${c.socket}:${c.core}`;
    const entry = cores.get(key) ?? { socket: c.socket, core: c.core, cpus: [] };
    entry.cpus.push(c);
    cores.set(key, entry);
  }
  return [...nodes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([node, cores]) => ({
      node,
      cores: [...cores.values()].sort((a, b) => a.socket - b.socket || a.core - b.core),
    }));
}

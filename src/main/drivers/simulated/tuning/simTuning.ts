// The simulated host's tuning capability (TuningOps): NUMA memory per node from its hardware
// profile and its running guests, hugepage pools resizable with the kernel's nr_hugepages
// semantics (shared/tuning.ts: guests' pages stay, gigantic pages need unfragmented memory), KSM
// counters that follow the guests, and per-pCPU usage from the running vCPUs. Pool totals are
// saved with the host; a change is announced as host-changed (the Overview shows the pools too).
import { VirtdeskError } from '../../../../shared/errors';
import type {
  HostHardware,
  HostTuning,
  HugepageResize,
  KsmState,
  PcpuInfo,
  Vm,
} from '../../../../shared/model';
import type { NodeMemoryModel, TuningMethod } from '../../../../shared/tuning';
import { nodeFreeKiB, pageSizeText, pcpusOf, resizeHugepages } from '../../../../shared/tuning';
import { afterWrite } from '../../../persistence/confirm';
import type { Clock } from '../../clock';
import type { TuningOps } from '../../driver';

/** A pool's total as the host file keeps it. */
export interface SavedHugepages {
  node: number;
  sizeKiB: number;
  total: number;
}

export interface TuningHost {
  readonly clock: Clock;
  /** The host's hardware, whose NUMA nodes' pools this updates in place. */
  readonly hardware: HostHardware;
  /** Running VMs whose memory is ordinary pages (a hugepage-backed one is in the pools). */
  runningVms(): Vm[];
  persist(): Promise<void>;
  hostChanged(): void;
}

const GiB_KiB = 1024 * 1024;

type Ops = { [M in TuningMethod]: TuningOps[M] };

export class SimTuning implements Ops {
  /** Pages guests hold in each pool (node/size → pages), fixed by the profile. */
  private readonly inUse = new Map<string, number>();
  /** ksmd's full scans count from when the host came up. */
  private readonly upSince: number;

  constructor(
    private readonly host: TuningHost,
    saved: readonly SavedHugepages[] | undefined,
  ) {
    this.upSince = host.clock.now();
    for (const n of host.hardware.numaNodes)
      for (const p of n.hugepages) this.inUse.set(`${n.id}/${p.sizeKiB}`, p.total - p.free);
    for (const s of saved ?? []) {
      const pool = host.hardware.numaNodes
        .find((n) => n.id === s.node)
        ?.hugepages.find((p) => p.sizeKiB === s.sizeKiB);
      const used = this.inUse.get(`${s.node}/${s.sizeKiB}`) ?? 0;
      if (pool && s.total >= used) {
        pool.total = s.total;
        pool.free = s.total - used;
      }
    }
  }

  saved(): SavedHugepages[] {
    return this.host.hardware.numaNodes.flatMap((n) =>
      n.hugepages.map((p) => ({ node: n.id, sizeKiB: p.sizeKiB, total: p.total })),
    );
  }

  private models(): NodeMemoryModel[] {
    const nodes = this.host.hardware.numaNodes;
    const all = nodes.reduce((s, n) => s + n.memoryKiB, 0) || 1;
    const guests = this.host.runningVms().reduce((s, vm) => s + vm.memoryKiB, 0);
    return nodes.map((n) => ({
      id: n.id,
      totalKiB: n.memoryKiB,
      reservedKiB: 2 * GiB_KiB + Math.round(n.memoryKiB * 0.03),
      // The guests' memory spread over the nodes by size, as the kernel's default policy does.
      guestKiB: Math.round((guests * n.memoryKiB) / all),
      hugepages: n.hugepages.map((p) => ({ ...p })),
      // Node 0 holds the kernel and most page cache: its memory is the more fragmented.
      gigantic: n.id % 2 === 0 ? 0.35 : 0.6,
    }));
  }

  async tuningGet(_params: Record<string, never> = {}): Promise<HostTuning> {
    const now = this.host.clock.now();
    return {
      nodes: this.models().map((m) => ({
        id: m.id,
        totalKiB: m.totalKiB,
        freeKiB: nodeFreeKiB(m),
        hugepages: m.hugepages,
      })),
      ksm: this.ksm(now),
      cpus: this.cpus(now),
      at: now,
    };
  }

  async tuningSetHugepages(req: {
    node: number;
    sizeKiB: number;
    count: number;
  }): Promise<HugepageResize> {
    const model = this.models().find((m) => m.id === req.node);
    if (!model)
      throw new VirtdeskError('INVALID_INPUT', `The host has no NUMA node ${req.node}.`, 'node');
    const out = resizeHugepages(model, req.sizeKiB, req.count);
    if (!out)
      throw new VirtdeskError(
        'INVALID_INPUT',
        `Node ${req.node} has no ${pageSizeText(req.sizeKiB)} hugepage pool.`,
        'sizeKiB',
      );
    const node = this.host.hardware.numaNodes.find((n) => n.id === req.node);
    if (node) node.hugepages = out.node.hugepages.map((p) => ({ ...p }));
    const result = { node: req.node, sizeKiB: req.sizeKiB, ...out.result };
    return afterWrite(this.host.persist(), () => {
      this.host.hostChanged();
      return result;
    });
  }

  /** ksmd merging the running guests' memory: a few percent of it is shared after a while. */
  private ksm(now: number): KsmState {
    const pages = this.host.runningVms().reduce((s, vm) => s + vm.memoryKiB / 4, 0);
    return {
      running: true,
      pagesToScan: 100,
      sleepMillisecs: 20,
      pagesShared: Math.round(pages * 0.015),
      pagesSharing: Math.round(pages * 0.06),
      pagesUnshared: Math.round(pages * 0.12),
      pagesVolatile: Math.round(pages * 0.004),
      fullScans: Math.floor((now - this.upSince) / 45_000),
      mergeAcrossNodes: true,
    };
  }

  /** Each running vCPU keeps a pCPU fairly busy (spread from CPU 0 up), over a little idle noise. */
  private cpus(now: number): PcpuInfo[] {
    const vcpus = this.host.runningVms().reduce((s, vm) => s + vm.vcpus, 0);
    const tick = Math.floor(now / 3000);
    const list = pcpusOf(this.host.hardware);
    return list.map((c, i) => {
      const noise = ((c.id * 7 + tick * 3) % 5) + 1;
      const busy = i < vcpus ? 35 + ((c.id * 13 + tick) % 30) : 0;
      return { ...c, usagePercent: Math.min(100, busy + noise) };
    });
  }
}

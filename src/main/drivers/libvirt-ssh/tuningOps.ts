// Host tuning figures of a libvirt host (TuningOps) in one round trip on the virsh session:
// `capabilities` (NUMA cells: memory, hugepage totals, CPUs with core and siblings),
// `freepages --all`, `freecell --all`, `node-memory-tune` (KSM) and `nodecpustats --cpu N` for
// each CPU. CPU usage is the busy share of the time between two samples: the previous call's, or
// for the first call one taken a moment before. A pool is resized with `allocpages`, then read back.
import type { CapabilitiesView } from '../../../shared/libvirt-xml';
import { parseXml, readCapabilities } from '../../../shared/libvirt-xml';
import type { HostTuning, HugepageResize, KsmState, NodeMemory } from '../../../shared/model';
import { pageSizeText } from '../../../shared/tuning';
import type { TuningOps } from '../driver';
import type { Virsh } from './domain';
import { parseFreePages, pcpusOf } from './host';
import { virshLine } from './quote';
import { stdoutOf } from './virsh';

export interface TuningHost {
  virsh(): Virsh;
  now(): number;
  /** The host's hugepage pools changed: Host.hardware is re-read and announced. */
  poolsChanged(): void;
}

/** `freecell --all`: node → free KiB. */
export function parseFreecell(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+):\s+(\d+)\s+KiB/.exec(line);
    if (m) out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

/** `node-memory-tune`'s "shm_pages_shared 0" lines. */
export function parseMemoryTune(text: string): KsmState | null {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*shm_(\w+)\s+(\d+)\s*$/.exec(line);
    if (m) values.set(m[1] ?? '', Number(m[2]));
  }
  if (!values.has('pages_shared')) return null;
  const v = (k: string) => values.get(k) ?? 0;
  return {
    running: null,
    pagesToScan: v('pages_to_scan'),
    sleepMillisecs: v('sleep_millisecs'),
    pagesShared: v('pages_shared'),
    pagesSharing: v('pages_sharing'),
    pagesUnshared: v('pages_unshared'),
    pagesVolatile: v('pages_volatile'),
    fullScans: v('full_scans'),
    mergeAcrossNodes: values.has('merge_across_nodes') ? v('merge_across_nodes') === 1 : null,
  };
}

/** `nodecpustats --cpu N`: busy and total nanoseconds since boot. */
export function parseCpuTimes(text: string): { busy: number; total: number } | null {
  const f = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\w+):\s+(\d+)\s*$/.exec(line);
    if (m) f.set(m[1] ?? '', Number(m[2]));
  }
  if (!f.has('idle')) return null;
  const busy = (f.get('user') ?? 0) + (f.get('system') ?? 0);
  return { busy, total: busy + (f.get('idle') ?? 0) + (f.get('iowait') ?? 0) };
}

function nodesOf(caps: CapabilitiesView, free: string, cells: string): NodeMemory[] {
  const freePages = parseFreePages(free);
  const freeKiB = parseFreecell(cells);
  return caps.numaCells.map((cell, i) => {
    const id = cell.id ?? i;
    const base = Math.min(...cell.pages.map((p) => p.sizeKiB));
    return {
      id,
      totalKiB: cell.memoryKiB ?? 0,
      freeKiB: freeKiB.get(id) ?? 0,
      hugepages: cell.pages
        .filter((p) => p.sizeKiB > base)
        .map((p) => ({
          sizeKiB: p.sizeKiB,
          total: p.count,
          free: freePages.get(id)?.get(p.sizeKiB) ?? 0,
        })),
    };
  });
}

export class SshTuning implements TuningOps {
  private previous = new Map<number, { busy: number; total: number }>();

  constructor(private readonly host: TuningHost) {}

  private async cpuTimes(ids: readonly number[]) {
    const replies = await this.host
      .virsh()
      .batch(ids.map((id) => virshLine('nodecpustats', ['--cpu', String(id)])));
    return new Map(
      ids.flatMap((id, i) => {
        const r = replies[i];
        const t = r?.ok ? parseCpuTimes(r.stdout) : null;
        return t ? [[id, t] as const] : [];
      }),
    );
  }

  async tuningGet(): Promise<HostTuning> {
    const [capsR, freeR, cellR, ksmR] = await this.host
      .virsh()
      .batch([
        virshLine('capabilities'),
        virshLine('freepages', '--all'),
        virshLine('freecell', '--all'),
        virshLine('node-memory-tune'),
      ]);
    const capsOut = stdoutOf(capsR, 'HOST_ERROR', 'no capabilities');
    const caps = readCapabilities(parseXml(capsOut, { root: 'capabilities' }));
    const cpus = pcpusOf(caps);
    const ids = cpus.map((c) => c.id);
    if (this.previous.size === 0) {
      this.previous = await this.cpuTimes(ids);
      await new Promise((r) => setTimeout(r, 400));
    }
    const now = await this.cpuTimes(ids);
    const usage = (id: number): number | null => {
      const a = this.previous.get(id);
      const b = now.get(id);
      if (!a || !b || b.total <= a.total) return null;
      return Math.min(100, Math.max(0, (100 * (b.busy - a.busy)) / (b.total - a.total)));
    };
    const result: HostTuning = {
      nodes: nodesOf(caps, freeR?.ok ? freeR.stdout : '', cellR?.ok ? cellR.stdout : ''),
      ksm: ksmR?.ok ? parseMemoryTune(ksmR.stdout) : null,
      cpus: cpus.map((c) => ({ ...c, usagePercent: usage(c.id) })),
      at: this.host.now(),
    };
    this.previous = now;
    return result;
  }

  /** `allocpages --pagesize S --pagecount N --cellno NODE`, then the pool as the kernel left it. */
  async tuningSetHugepages(req: {
    node: number;
    sizeKiB: number;
    count: number;
  }): Promise<HugepageResize> {
    const virsh = this.host.virsh();
    try {
      await virsh.call(
        virshLine(
          'allocpages',
          ['--pagesize', `${req.sizeKiB}KiB`],
          ['--pagecount', String(req.count)],
          ['--cellno', String(req.node)],
        ),
      );
    } finally {
      this.host.poolsChanged();
    }
    const caps = readCapabilities(
      parseXml(await virsh.call(virshLine('capabilities')), { root: 'capabilities' }),
    );
    const cell = caps.numaCells.find((c, i) => (c.id ?? i) === req.node);
    const allocated = cell?.pages.find((p) => p.sizeKiB === req.sizeKiB)?.count ?? 0;
    return {
      node: req.node,
      sizeKiB: req.sizeKiB,
      requested: req.count,
      allocated,
      shortfall:
        allocated === req.count
          ? null
          : `The kernel allocated ${allocated} ${pageSizeText(req.sizeKiB)} pages on node ${req.node}, not ${req.count}.`,
    };
  }
}

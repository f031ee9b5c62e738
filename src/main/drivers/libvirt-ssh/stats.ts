// One bulk stats call per host every 3 s while connected (virt-manager's rhythm, and DESIGN.md's
// "one bulk stats call per host per tick"): `domstats` for every domain at once, never per VM.
// A tick that finds the previous call still running is skipped rather than queued behind it.
import type { StatsTick } from '../../../shared/model';
import { STATS_INTERVAL_MS } from '../../../shared/model';
import type { Clock } from '../clock';
import type { Virsh } from './domain';
import type { CpuSample, DomstatsBlock } from './domstats';
import { parseDomstats, statsFromDomstats } from './domstats';
import { virshLine } from './quote';

export const DOMSTATS_LINE = virshLine('domstats', '--raw', '--cpu-total', '--balloon', '--state');
/** The usual tick: active domains only, the ones whose usage is drawn. */
export const DOMSTATS_ACTIVE_LINE = virshLine(
  'domstats',
  '--raw',
  '--cpu-total',
  '--balloon',
  '--state',
  '--list-active',
);
/**
 * Every how many ticks the shut-off domains come too, for the drift check (config-only memory
 * changes libvirt sends no event for): at 1,000 mostly shut-off domains a full reply is ≈ 110 kB,
 * and reading it every 3 s cost a few % of a core.
 */
export const DRIFT_EVERY_TICKS = 5;

export class StatsPoller {
  private timer: unknown = null;
  private busy = false;
  private stopped = false;
  private readonly samples = new Map<string, CpuSample>();
  private ticks = 0;

  constructor(
    private readonly opts: {
      virsh: Virsh;
      clock: Clock;
      /** Domains by name (domstats prints names) with their id and vCPU count. */
      domains(): ReadonlyMap<string, { id: string; vcpus: number }>;
      onStats(stats: StatsTick): void;
      /** The blocks of a tick that listed every domain (shut-off ones too), for drift checks. */
      onBlocks?(blocks: ReadonlyMap<string, DomstatsBlock>): void;
      /** False while nobody listens: the tick makes no call. */
      wanted(): boolean;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    if (this.stopped || this.timer !== null) return;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      void this.tick();
      if (!this.stopped) this.schedule(this.opts.intervalMs ?? STATS_INTERVAL_MS);
    }, ms);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped || !this.opts.wanted()) return;
    this.busy = true;
    try {
      const all = this.ticks++ % DRIFT_EVERY_TICKS === 0;
      const text = await this.opts.virsh.call(all ? DOMSTATS_LINE : DOMSTATS_ACTIVE_LINE);
      if (this.stopped) return;
      const at = this.opts.clock.now();
      const blocks = parseDomstats(text);
      const vms = statsFromDomstats(blocks, at, this.opts.domains(), this.samples);
      this.opts.onStats({ at, vms });
      if (all) this.opts.onBlocks?.(blocks);
    } catch {
      // A failed tick (host busy, libvirtd restarting) is just a missing sample.
    } finally {
      this.busy = false;
    }
  }
}

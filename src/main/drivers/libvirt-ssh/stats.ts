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

export class StatsPoller {
  private timer: unknown = null;
  private busy = false;
  private stopped = false;
  private readonly samples = new Map<string, CpuSample>();

  constructor(
    private readonly opts: {
      virsh: Virsh;
      clock: Clock;
      /** Domains by name (domstats prints names) with their id and vCPU count. */
      domains(): ReadonlyMap<string, { id: string; vcpus: number }>;
      onStats(stats: StatsTick): void;
      /** Every domain's block of the tick (shut-off ones too), keyed by name, for drift checks. */
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
      const text = await this.opts.virsh.call(DOMSTATS_LINE);
      if (this.stopped) return;
      const at = this.opts.clock.now();
      const blocks = parseDomstats(text);
      const vms = statsFromDomstats(blocks, at, this.opts.domains(), this.samples);
      this.opts.onStats({ at, vms });
      this.opts.onBlocks?.(blocks);
    } catch {
      // A failed tick (host busy, libvirtd restarting) is just a missing sample.
    } finally {
      this.busy = false;
    }
  }
}

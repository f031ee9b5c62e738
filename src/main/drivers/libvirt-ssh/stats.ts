// One bulk stats call per host every 3 s while connected (virt-manager's rhythm, and DESIGN.md's
// "one bulk stats call per host per tick"): `domstats` for every domain at once, never per VM.
// A tick that finds the previous call still running is skipped rather than queued behind it.
import type { StatsTick } from '../../../shared/model';
import { STATS_INTERVAL_MS } from '../../../shared/model';
import { VirtdeskError } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { Virsh } from './domain';
import type { CpuSample, DomainLookup } from './domstats';
import { parseDomstats, statsFromDomstats } from './domstats';
import { virshLine } from './quote';

/** Every tick: the active domains, the ones whose usage is drawn. */
export const DOMSTATS_ACTIVE_LINE = virshLine(
  'domstats',
  '--raw',
  '--cpu-total',
  '--balloon',
  '--state',
  '--list-active',
);
/**
 * Every DRIFT_EVERY_TICKS-th tick, in the same round trip: the shut-off domains' memory, all the
 * drift check reads (drift.ts). Shut-off domains do not change by themselves, and at 1,000 of
 * them the full listing with CPU and state fields (≈ 175 kB) was most of an idle host's CPU.
 */
export const DOMSTATS_INACTIVE_LINE = virshLine(
  'domstats',
  '--raw',
  '--balloon',
  '--list-inactive',
);
/** Every how many ticks the shut-off domains come too (15 s at 3 s a tick). */
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
      domains: DomainLookup;
      onStats(stats: StatsTick): void;
      /** The shut-off domains' `domstats --balloon` reply, every DRIFT_EVERY_TICKS-th tick. */
      onInactive?(text: string): void;
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
      const drift = this.ticks++ % DRIFT_EVERY_TICKS === 0 && this.opts.onInactive !== undefined;
      const lines = drift ? [DOMSTATS_ACTIVE_LINE, DOMSTATS_INACTIVE_LINE] : [DOMSTATS_ACTIVE_LINE];
      const [active, inactive] = await this.opts.virsh.batch(lines);
      if (this.stopped) return;
      if (!active) throw new VirtdeskError('INTERNAL', 'virsh returned no reply');
      if (!active.ok) throw active.error;
      const at = this.opts.clock.now();
      const blocks = parseDomstats(active.stdout);
      const vms = statsFromDomstats(blocks, at, this.opts.domains, this.samples);
      this.opts.onStats({ at, vms });
      if (inactive?.ok) this.opts.onInactive?.(inactive.stdout);
    } catch {
      // A failed tick (host busy, libvirtd restarting) is just a missing sample.
    } finally {
      this.busy = false;
    }
  }
}

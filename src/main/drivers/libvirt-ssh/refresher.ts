// Re-reads domains after libvirt events, coalesced: the events that arrive while one read is in
// flight (a start sends "Resumed" and "Started" a millisecond apart) are served by the next read,
// one round trip for all of them. 'all' stands for a full resync (an event for a name not known
// yet, or after the event channel was re-subscribed and may have missed some).
//
// A read that fails is tried again after a pause (longer each time it fails again): libvirt sends
// no second event for what the failed read missed, so without it the tree would stay stale until
// some later event happened to name the same domain.
import type { Clock } from '../clock';

/** Pauses before trying a failed read again; the last repeats. */
export const REFRESH_RETRY_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

export class Refresher {
  private readonly ids = new Set<string>();
  private all = false;
  private running = false;
  private stopped = false;
  private failures = 0;
  private pause: { handle: unknown; wake: () => void } | null = null;

  constructor(
    private readonly read: (what: string[] | 'all') => Promise<void>,
    private readonly onError: (e: unknown) => void,
    /** Without a clock a failed read is reported and not tried again. */
    private readonly clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ) {}

  request(what: string | 'all'): void {
    if (this.stopped) return;
    if (what === 'all') this.all = true;
    else this.ids.add(what);
    if (!this.running) void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.ids.clear();
    this.all = false;
    if (this.pause) {
      this.clock?.clearTimeout(this.pause.handle);
      this.pause.wake();
    }
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && (this.all || this.ids.size > 0)) {
        const what: string[] | 'all' = this.all ? 'all' : [...this.ids];
        this.all = false;
        this.ids.clear();
        try {
          await this.read(what);
          this.failures = 0;
        } catch (e) {
          this.onError(e);
          if (!this.clock || this.stopped) continue;
          if (what === 'all') this.all = true;
          else for (const id of what) this.ids.add(id);
          const i = Math.min(this.failures++, REFRESH_RETRY_MS.length - 1);
          await this.sleep(REFRESH_RETRY_MS[i] ?? 30_000);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    const clock = this.clock;
    if (!clock) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.pause = null;
        resolve();
      };
      this.pause = { handle: clock.setTimeout(wake, ms), wake };
    });
  }
}

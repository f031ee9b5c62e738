// How long to wait before the next automatic reconnect: 1 s, 2 s, 4 s … at most 30 s, with ±20 %
// jitter so hosts that dropped together (a switch reboot) do not all come back in the same
// instant.
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 10)));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.min(BACKOFF_MAX_MS, Math.round(jittered));
}

/** The one pending automatic retry of a host, on the injected clock. */
export class RetryTimer {
  private handle: unknown = null;
  private failures = 0;

  constructor(
    private readonly clock: {
      setTimeout(fn: () => void, ms: number): unknown;
      clearTimeout(h: unknown): void;
    },
  ) {}

  get pending(): boolean {
    return this.handle !== null;
  }

  /** Runs `fn` after the next backoff delay, unless a retry is already pending. */
  schedule(fn: () => void): void {
    if (this.handle !== null) return;
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      fn();
    }, backoffDelay(this.failures++));
  }

  cancel(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  /** Connected (or the user asked): the next drop starts again at 1 s. */
  reset(): void {
    this.failures = 0;
  }
}

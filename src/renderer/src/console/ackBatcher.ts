// The renderer's half of console flow control (https://xtermjs.org/docs/guides/flowcontrol/):
// count the bytes xterm's write callbacks report as processed and acknowledge them in batches of
// CONSOLE_ACK_BATCH, plus whatever is left once output goes quiet, so main's count of bytes in
// flight falls back to zero and a paused guest always resumes.
import { CONSOLE_ACK_BATCH } from '../../../shared/console';

/** Acknowledge a partial batch after this long without more output. */
export const ACK_IDLE_MS = 100;

export class AckBatcher {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `send` returns false when the ack cannot go out yet (stream not open); it is kept. */
  constructor(
    private readonly send: (bytes: number) => boolean,
    private readonly batch = CONSOLE_ACK_BATCH,
    private readonly idleMs = ACK_IDLE_MS,
  ) {}

  get unacked(): number {
    return this.pending;
  }

  written(bytes: number): void {
    if (bytes <= 0) return;
    this.pending += bytes;
    if (this.pending >= this.batch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.idleMs);
  }

  flush(): void {
    this.cancel();
    if (this.pending > 0 && this.send(this.pending)) this.pending = 0;
  }

  /** A new stream starts counting from zero. */
  reset(): void {
    this.cancel();
    this.pending = 0;
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

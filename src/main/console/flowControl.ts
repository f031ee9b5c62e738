// Watermark flow control between a console source and the window showing it, after xterm.js's
// guide (https://xtermjs.org/docs/guides/flowcontrol/): the renderer acknowledges what
// `term.write` has actually processed, in batches; main pauses the source once too much is in
// flight and resumes it when the renderer has caught up. The acks come from a renderer, so they
// are checked: they can neither drive the count negative nor, being garbage, change it.

import { CONSOLE_ACK_BATCH } from '../../shared/console';

export const HIGH_WATERMARK = 256 * 1024;
export const LOW_WATERMARK = 32 * 1024;
/** The renderer's ack batch, from the shared protocol; re-exported for the console's own tests. */
export const ACK_BATCH = CONSOLE_ACK_BATCH;

export interface FlowControllerOptions {
  high?: number;
  low?: number;
  onPause: () => void;
  onResume: () => void;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n > 0;

export class FlowController {
  readonly high: number;
  readonly low: number;
  private readonly onPause: () => void;
  private readonly onResume: () => void;
  private inFlight = 0;
  private isPaused = false;

  constructor(opts: FlowControllerOptions) {
    this.high = opts.high ?? HIGH_WATERMARK;
    this.low = opts.low ?? LOW_WATERMARK;
    if (!isCount(this.high) || !Number.isSafeInteger(this.low) || this.low < 0) {
      throw new RangeError('Flow-control watermarks must be non-negative integers');
    }
    if (this.low >= this.high) throw new RangeError('The low watermark must be below the high one');
    this.onPause = opts.onPause;
    this.onResume = opts.onResume;
  }

  /** Bytes sent to the renderer and not yet acknowledged. */
  get unacked(): number {
    return this.inFlight;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  sent(n: number): void {
    if (!isCount(n)) return;
    this.inFlight += n;
    if (!this.isPaused && this.inFlight > this.high) {
      this.isPaused = true;
      this.onPause();
    }
  }

  ack(n: number): void {
    if (!isCount(n)) return;
    // Acks beyond what was sent are a confused or hostile renderer; they count as "all caught up".
    this.inFlight = Math.max(0, this.inFlight - n);
    if (this.isPaused && this.inFlight < this.low) {
      this.isPaused = false;
      this.onResume();
    }
  }

  /** Forgets everything in flight (the window went away); a paused source is resumed. */
  reset(): void {
    this.inFlight = 0;
    if (this.isPaused) {
      this.isPaused = false;
      this.onResume();
    }
  }
}

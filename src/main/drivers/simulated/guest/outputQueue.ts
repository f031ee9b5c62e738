// The guest's serial transmit side: everything the guest prints goes through here, in order, at a
// bounded rate (one chunk per clock millisecond) and only while the reader drains it. A paused
// queue schedules nothing, so a flood costs no CPU and no memory while nobody reads it.
import type { Clock } from '../../clock';
import type { ByteSource } from './streams';

export const CHUNK_BYTES = 16 * 1024;
export const TICK_MS = 1;

type Item =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'stream'; source: ByteSource }
  /** Nothing after this goes out before clock time `until`. */
  | { kind: 'wait'; until: number }
  /** Runs once everything before it has gone out. */
  | { kind: 'call'; fn: () => void };

const encoder = new TextEncoder();

export class OutputQueue {
  private items: Item[] = [];
  private timer: unknown = null;
  private isPaused = false;
  private pumping = false;
  private budgetAt = Number.NaN;
  private budgetLeft = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (chunk: Uint8Array) => void,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  get paused(): boolean {
    return this.isPaused;
  }

  /** True when nothing is waiting to go out. */
  get idle(): boolean {
    return this.items.length === 0;
  }

  /** Bytes held in memory for output: queued text plus what streams keep in reserve. */
  get queuedBytes(): number {
    let n = 0;
    for (const item of this.items) {
      if (item.kind === 'bytes') n += item.bytes.length;
      else if (item.kind === 'stream') n += item.source.buffered();
    }
    return n;
  }

  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (bytes.length > 0) this.push({ kind: 'bytes', bytes });
  }

  pipe(source: ByteSource): void {
    this.push({ kind: 'stream', source });
  }

  waitUntil(until: number): void {
    this.push({ kind: 'wait', until });
  }

  then(fn: () => void): void {
    this.push({ kind: 'call', fn });
  }

  /** Bypasses the queue and flow control: for what must reach the user now (Ctrl-C's prompt). */
  emitNow(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (bytes.length > 0) this.emit(bytes);
  }

  /** Drops everything not yet sent, like a tty flushing its output queue on an interrupt. */
  clear(): void {
    this.items = [];
    this.cancelTimer();
  }

  pause(): void {
    this.isPaused = true;
    this.cancelTimer();
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.pump();
  }

  private push(item: Item): void {
    this.items.push(item);
    // An already scheduled tick will get to it; pumping now would jump a rate-limit or a wait.
    if (this.timer === null) this.pump();
  }

  private pump(): void {
    if (this.pumping || this.isPaused) return;
    this.pumping = true;
    this.cancelTimer();
    try {
      this.drain();
    } finally {
      this.pumping = false;
    }
  }

  private drain(): void {
    const now = this.clock.now();
    if (now !== this.budgetAt) {
      this.budgetAt = now;
      this.budgetLeft = this.chunkBytes;
    }
    // One emit per tick: the reader sees whole chunks, and its flow control reacts between them.
    const parts: Uint8Array[] = [];
    let size = 0;
    const flush = () => {
      if (size === 0) return;
      const chunk = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, size);
      parts.length = 0;
      size = 0;
      this.emit(chunk);
    };
    for (;;) {
      const head = this.items[0];
      if (!head || this.isPaused || (this.budgetLeft <= 0 && head.kind !== 'call')) {
        flush();
        // The emit may have queued more (an echo from a listener); go on if the budget allows.
        const next = this.items[0];
        if (!next || this.isPaused || (this.budgetLeft <= 0 && next.kind !== 'call')) break;
        continue;
      }
      if (head.kind === 'call') {
        flush();
        this.items.shift();
        head.fn();
      } else if (head.kind === 'wait') {
        if (now >= head.until) {
          this.items.shift();
          continue;
        }
        flush();
        if (this.items[0] !== head) continue;
        if (!this.isPaused) this.schedule(head.until - now);
        return;
      } else {
        let out: Uint8Array | null;
        if (head.kind === 'bytes') {
          out = head.bytes.subarray(0, this.budgetLeft);
          if (out.length === head.bytes.length) this.items.shift();
          else head.bytes = head.bytes.subarray(out.length);
        } else {
          out = head.source.next(this.budgetLeft);
          if (out === null) this.items.shift();
        }
        if (out && out.length > 0) {
          parts.push(out);
          size += out.length;
          this.budgetLeft -= out.length;
        }
      }
    }
    if (this.items.length > 0 && !this.isPaused) this.schedule(TICK_MS);
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

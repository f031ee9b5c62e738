// The console scrollback kept in main: the last bytes a VM's serial port printed, so a window
// that (re)attaches sees the recent screen instead of a blank one. Fixed memory, whatever the
// guest floods.

export const RING_BYTES = 64 * 1024;

export class ByteRing {
  private readonly buf: Uint8Array;
  /** Where the next byte goes. */
  private head = 0;
  private used = 0;

  constructor(readonly capacity = RING_BYTES) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`ByteRing capacity must be a positive integer, not ${capacity}`);
    }
    this.buf = new Uint8Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  push(bytes: Uint8Array): void {
    const cap = this.capacity;
    // Of a chunk larger than the ring only its tail can survive; copying the rest would be wasted.
    const src = bytes.length > cap ? bytes.subarray(bytes.length - cap) : bytes;
    const first = Math.min(src.length, cap - this.head);
    this.buf.set(src.subarray(0, first), this.head);
    if (first < src.length) this.buf.set(src.subarray(first), 0);
    this.head = (this.head + src.length) % cap;
    this.used = Math.min(cap, this.used + src.length);
  }

  /** The kept bytes, oldest first, as a copy the caller may keep. */
  snapshot(): Uint8Array {
    const out = new Uint8Array(this.used);
    const start = (this.head - this.used + this.capacity) % this.capacity;
    const first = Math.min(this.used, this.capacity - start);
    out.set(this.buf.subarray(start, start + first), 0);
    if (first < this.used) out.set(this.buf.subarray(0, this.used - first), first);
    return out;
  }

  clear(): void {
    this.head = 0;
    this.used = 0;
  }
}

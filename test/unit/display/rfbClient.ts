// A small RFB 3.8 client for tests: speaks to a DisplaySource-like byte stream (security None),
// parses ServerInit and raw framebuffer updates into a 32-bit pixel array of its own.

export interface RfbInit {
  width: number;
  height: number;
  name: string;
  bitsPerPixel: number;
}

export interface RfbUpdate {
  rects: { x: number; y: number; w: number; h: number; encoding: number }[];
}

const enc = new TextEncoder();

export class RfbTestClient {
  private buf = new Uint8Array(0);
  init: RfbInit | null = null;
  readonly updates: RfbUpdate[] = [];
  /** The framebuffer as the client holds it: one number per pixel (its raw value). */
  pixels: Uint32Array = new Uint32Array(0);
  bytesPerPixel = 4;
  phase: 'version' | 'security' | 'result' | 'init' | 'normal' | 'failed' = 'version';
  failure: string | null = null;
  received = 0;

  /** Replies made while reading are sent once the read is done, so the peer never re-enters. */
  private held: Uint8Array[] | null = null;

  constructor(private readonly out: (bytes: Uint8Array) => void) {}

  private send(bytes: Uint8Array): void {
    if (this.held) this.held.push(bytes);
    else this.out(bytes);
  }

  /** Bytes from the server. */
  feed(bytes: Uint8Array): void {
    this.received += bytes.length;
    const joined = new Uint8Array(this.buf.length + bytes.length);
    joined.set(this.buf);
    joined.set(bytes, this.buf.length);
    this.buf = joined;
    this.held = [];
    try {
      for (let used = this.step(); used > 0; used = this.step()) this.buf = this.buf.subarray(used);
    } finally {
      const replies = this.held;
      this.held = null;
      for (const r of replies) this.out(r);
    }
  }

  requestUpdate(incremental: boolean, x = 0, y = 0, w = 0xffff, h = 0xffff): void {
    const m = new Uint8Array(10);
    const v = new DataView(m.buffer);
    v.setUint8(0, 3);
    v.setUint8(1, incremental ? 1 : 0);
    v.setUint16(2, x);
    v.setUint16(4, y);
    v.setUint16(6, Math.min(w, this.init?.width ?? w));
    v.setUint16(8, Math.min(h, this.init?.height ?? h));
    this.send(m);
  }

  key(keysym: number, down: boolean): void {
    const m = new Uint8Array(8);
    const v = new DataView(m.buffer);
    v.setUint8(0, 4);
    v.setUint8(1, down ? 1 : 0);
    v.setUint32(4, keysym);
    this.send(m);
  }

  /** Presses and releases a key per character (ASCII keysyms are the characters). */
  type(text: string): void {
    for (const ch of text) {
      const sym = ch === '\r' ? 0xff0d : ch.charCodeAt(0);
      this.key(sym, true);
      this.key(sym, false);
    }
  }

  /** 16 bits per pixel, RGB565 little-endian. */
  setPixelFormat16(): void {
    const m = new Uint8Array(20);
    const v = new DataView(m.buffer);
    v.setUint8(0, 0);
    v.setUint8(4, 16);
    v.setUint8(5, 16);
    v.setUint8(6, 0);
    v.setUint8(7, 1);
    v.setUint16(8, 31);
    v.setUint16(10, 63);
    v.setUint16(12, 31);
    v.setUint8(14, 11);
    v.setUint8(15, 5);
    v.setUint8(16, 0);
    this.send(m);
    this.bytesPerPixel = 2;
  }

  /** Pixels of the framebuffer that are not 0 (black). */
  litPixels(y0 = 0, y1 = this.init?.height ?? 0): number {
    const w = this.init?.width ?? 0;
    let n = 0;
    for (let i = y0 * w; i < y1 * w; i++) if (this.pixels[i] !== 0) n++;
    return n;
  }

  private step(): number {
    const b = this.buf;
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    switch (this.phase) {
      case 'version':
        if (b.length < 12) return 0;
        this.send(enc.encode('RFB 003.008\n'));
        this.phase = 'security';
        return 12;
      case 'security': {
        if (b.length < 1) return 0;
        const n = b[0] as number;
        if (b.length < 1 + n) return 0;
        if (!b.subarray(1, 1 + n).includes(1)) throw new Error('server does not offer None');
        this.send(Uint8Array.of(1));
        this.phase = 'result';
        return 1 + n;
      }
      case 'result':
        if (b.length < 4) return 0;
        if (v.getUint32(0) !== 0) {
          this.phase = 'failed';
          return 4;
        }
        this.send(Uint8Array.of(1)); // ClientInit, shared
        this.phase = 'init';
        return 4;
      case 'init': {
        if (b.length < 24) return 0;
        const nameLen = v.getUint32(20);
        if (b.length < 24 + nameLen) return 0;
        this.init = {
          width: v.getUint16(0),
          height: v.getUint16(2),
          bitsPerPixel: v.getUint8(4),
          name: new TextDecoder().decode(b.subarray(24, 24 + nameLen)),
        };
        this.pixels = new Uint32Array(this.init.width * this.init.height);
        this.phase = 'normal';
        return 24 + nameLen;
      }
      case 'normal':
        return this.message(b, v);
      default:
        return 0;
    }
  }

  private message(b: Uint8Array, v: DataView): number {
    if (b.length < 1) return 0;
    if (b[0] !== 0) throw new Error(`unexpected server message ${b[0]}`);
    if (b.length < 4) return 0;
    const count = v.getUint16(2);
    let at = 4;
    const rects: RfbUpdate['rects'] = [];
    for (let i = 0; i < count; i++) {
      if (b.length < at + 12) return 0;
      const r = {
        x: v.getUint16(at),
        y: v.getUint16(at + 2),
        w: v.getUint16(at + 4),
        h: v.getUint16(at + 6),
        encoding: v.getInt32(at + 8),
      };
      if (r.encoding !== 0) throw new Error(`unexpected encoding ${r.encoding}`);
      const size = r.w * r.h * this.bytesPerPixel;
      if (b.length < at + 12 + size) return 0;
      rects.push(r);
      at += 12;
      const width = this.init?.width ?? 0;
      for (let y = 0; y < r.h; y++) {
        for (let x = 0; x < r.w; x++) {
          let value = 0;
          for (let k = 0; k < this.bytesPerPixel; k++) value |= (b[at++] as number) << (8 * k);
          this.pixels[(r.y + y) * width + r.x + x] = value >>> 0;
        }
      }
    }
    this.updates.push({ rects });
    return at;
  }
}

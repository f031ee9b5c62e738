// The simulated VM's VNC server: one RFB 3.8 conversation (RFC 6143) per window, serving the text
// screen as a framebuffer. Security None; raw encoding only (every client supports it); updates
// are sent for the text rows that changed, as a few full-width rectangles; key events become the
// bytes a console keyboard sends, for the same shell the serial console talks to. Pausing (flow
// control) holds updates back; what changed meanwhile goes out in one update on resume.
import type { DisplaySource } from '../../../console/displayHub';
import { FONT_8X16, GLYPH_HEIGHT, GLYPH_WIDTH } from './font';
import { KEYSYM_DELETE, KeyMapper } from './keysyms';
import type { PixelFormat } from './pixelFormat';
import { SERVER_FORMAT, decodePixelFormat, encodePixelFormat, pixelBytes } from './pixelFormat';
import { COLS, ROWS, type TextScreen } from './textScreen';

export const SCREEN_WIDTH = COLS * GLYPH_WIDTH;
export const SCREEN_HEIGHT = ROWS * GLYPH_HEIGHT;
const FOREGROUND = 0xaaaaaa;
const BACKGROUND = 0x000000;
/** ClientCutText beyond this closes the connection (it would only be dropped anyway). */
const MAX_CUT_TEXT = 1024 * 1024;

export interface RfbServerOptions {
  screen: TextScreen;
  /** The desktop name in ServerInit. */
  name: string;
  /** Bytes typed on the screen's keyboard. */
  keys(bytes: string): void;
  ctrlAltDel(): void;
}

type Phase = 'version' | 'security' | 'init' | 'normal' | 'closed';

interface Request {
  incremental: boolean;
  y: number;
  h: number;
}

export function rfbServerSession(opts: RfbServerOptions): DisplaySource {
  return new RfbServerSession(opts);
}

class RfbServerSession implements DisplaySource {
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  /** Output before anyone listens (the version string, sent at once). */
  private early: Uint8Array[] = [];
  private inbox = new Uint8Array(0);
  private reading = false;
  private phase: Phase = 'version';
  private minor = 8;
  private format: PixelFormat = SERVER_FORMAT;
  private fg = pixelBytes(SERVER_FORMAT, FOREGROUND);
  private bg = pixelBytes(SERVER_FORMAT, BACKGROUND);
  private readonly dirty = new Set<number>();
  private request: Request | null = null;
  private paused = false;
  private readonly keys = new KeyMapper();
  private readonly offScreen: () => void;

  constructor(private readonly opts: RfbServerOptions) {
    this.offScreen = opts.screen.onChange((rows) => {
      for (const r of rows) this.dirty.add(r);
      this.flush();
    });
    this.send(new TextEncoder().encode('RFB 003.008\n'));
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    const held = this.early;
    this.early = [];
    for (const b of held) listener(b);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  write(bytes: Uint8Array): void {
    if (this.phase === 'closed') return;
    const joined = new Uint8Array(this.inbox.length + bytes.length);
    joined.set(this.inbox);
    joined.set(bytes, this.inbox.length);
    this.inbox = joined;
    // A reply can make the client write again before this returns; the loop below reads that too.
    if (this.reading) return;
    this.reading = true;
    try {
      for (let used = this.step(); used > 0; used = this.step()) {
        this.inbox = this.inbox.subarray(used);
      }
    } finally {
      this.reading = false;
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.flush();
  }

  close(): void {
    this.end(null);
  }

  private end(reason: string | null): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.offScreen();
    this.dataListeners.clear();
    if (reason !== null) for (const l of [...this.closeListeners]) l(reason);
    this.closeListeners.clear();
  }

  private send(bytes: Uint8Array): void {
    if (this.phase === 'closed') return;
    if (this.dataListeners.size === 0) this.early.push(bytes);
    else for (const l of [...this.dataListeners]) l(bytes);
  }

  /** Handles one message at the start of the inbox; returns the bytes used, 0 when incomplete. */
  private step(): number {
    const b = this.inbox;
    if (this.phase === 'closed') return 0;
    if (this.phase === 'version') return b.length < 12 ? 0 : this.version(b.subarray(0, 12));
    if (this.phase === 'security') return b.length < 1 ? 0 : this.security(b[0] as number);
    if (this.phase === 'init') return b.length < 1 ? 0 : this.serverInit();
    if (b.length < 1) return 0;
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    switch (b[0]) {
      case 0: // SetPixelFormat
        if (b.length < 20) return 0;
        return this.setPixelFormat(b.subarray(4, 20)) ? 20 : 0;
      case 2: {
        // SetEncodings: raw is always allowed, so the list changes nothing here.
        if (b.length < 4) return 0;
        const n = 4 + 4 * v.getUint16(2);
        return b.length < n ? 0 : n;
      }
      case 3: // FramebufferUpdateRequest
        if (b.length < 10) return 0;
        this.updateRequest(b[1] !== 0, v.getUint16(4), v.getUint16(8));
        return 10;
      case 4: // KeyEvent
        if (b.length < 8) return 0;
        this.keyEvent(b[1] !== 0, v.getUint32(4));
        return 8;
      case 5: // PointerEvent: a text console has no mouse
        return b.length < 6 ? 0 : 6;
      case 6: {
        // ClientCutText: the guest has no clipboard agent; the Display tab types text instead.
        if (b.length < 8) return 0;
        const len = v.getInt32(4);
        if (len < 0 || len > MAX_CUT_TEXT) return this.fail('RFB: bad ClientCutText length');
        return b.length < 8 + len ? 0 : 8 + len;
      }
      default:
        return this.fail(`RFB: unknown client message type ${b[0]}`);
    }
  }

  private fail(reason: string): number {
    this.end(reason);
    return 0;
  }

  private version(line: Uint8Array): number {
    const m = /^RFB 003\.00([378])\n$/.exec(new TextDecoder().decode(line));
    if (!m) return this.fail('RFB: unsupported protocol version');
    this.minor = Number(m[1]);
    if (this.minor === 3) {
      this.send(Uint8Array.of(0, 0, 0, 1)); // 3.3: the server names the type, None
      this.phase = 'init';
    } else {
      this.send(Uint8Array.of(1, 1)); // one type offered: None
      this.phase = 'security';
    }
    return 12;
  }

  private security(choice: number): number {
    if (choice !== 1) {
      if (this.minor === 8) {
        const why = new TextEncoder().encode('Only security type None is offered');
        const out = new Uint8Array(8 + why.length);
        const v = new DataView(out.buffer);
        v.setUint32(0, 1);
        v.setUint32(4, why.length);
        out.set(why, 8);
        this.send(out);
      }
      return this.fail('RFB: client chose a security type not offered');
    }
    if (this.minor === 8) this.send(Uint8Array.of(0, 0, 0, 0));
    this.phase = 'init';
    return 1;
  }

  private serverInit(): number {
    const name = new TextEncoder().encode(this.opts.name);
    const out = new Uint8Array(24 + name.length);
    const v = new DataView(out.buffer);
    v.setUint16(0, SCREEN_WIDTH);
    v.setUint16(2, SCREEN_HEIGHT);
    out.set(encodePixelFormat(SERVER_FORMAT), 4);
    v.setUint32(20, name.length);
    out.set(name, 24);
    this.send(out);
    this.phase = 'normal';
    return 1;
  }

  private setPixelFormat(raw: Uint8Array): boolean {
    const pf = decodePixelFormat(raw);
    if (!pf) {
      this.fail('RFB: unsupported pixel format (true colour, 8/16/32 bits only)');
      return false;
    }
    this.format = pf;
    this.fg = pixelBytes(pf, FOREGROUND);
    this.bg = pixelBytes(pf, BACKGROUND);
    return true;
  }

  private updateRequest(incremental: boolean, y: number, h: number): void {
    this.request = { incremental, y, h };
    if (!incremental) {
      const first = Math.floor(y / GLYPH_HEIGHT);
      const last = Math.min(ROWS - 1, Math.floor((y + Math.max(1, h) - 1) / GLYPH_HEIGHT));
      for (let r = first; r <= last; r++) this.dirty.add(r);
    }
    this.flush();
  }

  private keyEvent(down: boolean, keysym: number): void {
    if (down && keysym === KEYSYM_DELETE && this.keys.ctrlAlt) {
      this.opts.ctrlAltDel();
      return;
    }
    const bytes = this.keys.key(down, keysym);
    if (bytes) this.opts.keys(bytes);
  }

  /** Answers the outstanding request with the changed rows, as runs of full-width rectangles. */
  private flush(): void {
    if (this.paused || this.request === null || this.dirty.size === 0) return;
    if (this.phase !== 'normal') return;
    const rows = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    this.request = null;
    const runs: [number, number][] = [];
    for (const r of rows) {
      const last = runs[runs.length - 1];
      if (last && last[1] === r - 1) last[1] = r;
      else runs.push([r, r]);
    }
    const bpp = this.format.bitsPerPixel / 8;
    const size = runs.reduce(
      (n, [a, z]) => n + 12 + (z - a + 1) * GLYPH_HEIGHT * SCREEN_WIDTH * bpp,
      4,
    );
    const out = new Uint8Array(size);
    const v = new DataView(out.buffer);
    v.setUint8(0, 0);
    v.setUint16(2, runs.length);
    let at = 4;
    for (const [first, last] of runs) {
      v.setUint16(at, 0);
      v.setUint16(at + 2, first * GLYPH_HEIGHT);
      v.setUint16(at + 4, SCREEN_WIDTH);
      v.setUint16(at + 6, (last - first + 1) * GLYPH_HEIGHT);
      v.setInt32(at + 8, 0); // raw
      at += 12;
      for (let row = first; row <= last; row++) at = this.drawRow(out, at, row);
    }
    this.send(out);
  }

  private drawRow(out: Uint8Array, at: number, row: number): number {
    const { cells, cursorX, cursorY } = this.opts.screen;
    const { fg, bg } = this;
    for (let line = 0; line < GLYPH_HEIGHT; line++) {
      for (let col = 0; col < COLS; col++) {
        const code = cells[row * COLS + col] as number;
        let bits = FONT_8X16[(code < 0x80 ? code : 0x3f) * GLYPH_HEIGHT + line] as number;
        // The cursor: an underline in the cell's last two pixel rows, as the VGA draws it.
        if (row === cursorY && col === cursorX && line >= GLYPH_HEIGHT - 2) bits = 0xff;
        for (let bit = 7; bit >= 0; bit--) {
          out.set((bits >> bit) & 1 ? fg : bg, at);
          at += fg.length;
        }
      }
    }
    return at;
  }
}

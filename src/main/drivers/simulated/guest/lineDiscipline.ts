// The tty's canonical mode (N_TTY with ICANON, ECHO, ECHOE, ECHOKE, ISIG), which is what a user at
// a serial login prompt or a bash read loop actually types into. Byte in, echo and event out; the
// console decides what an event means in its current phase.

export type LineEvent =
  | { type: 'line'; text: string }
  | { type: 'interrupt' }
  | { type: 'eof' }
  | { type: 'history'; step: -1 | 1 };

export interface Feed {
  echo: Uint8Array;
  event: LineEvent | null;
}

/** N_TTY's line limit: a longer line just stops taking characters. */
export const MAX_LINE_BYTES = 4095;

const ERASE = '\b \b';
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const NONE = new Uint8Array(0);

type EscState = 'none' | 'esc' | 'csi' | 'ss3';

export class LineDiscipline {
  /** Off for password prompts; the line is still collected. */
  echo = true;
  private bytes: number[] = [];
  private esc: EscState = 'none';

  get text(): string {
    return decoder.decode(new Uint8Array(this.bytes));
  }

  get empty(): boolean {
    return this.bytes.length === 0;
  }

  /** Forgets the line being typed (after an interrupt, a logout, a reboot). */
  reset(): void {
    this.bytes = [];
    this.esc = 'none';
  }

  /** Replaces the line being typed, as history recall does; returns what redraws it. */
  replace(text: string): Uint8Array {
    const erase = ERASE.repeat(this.chars());
    this.bytes = [...encoder.encode(text)].slice(0, MAX_LINE_BYTES);
    return this.echoed(erase + this.text);
  }

  feed(byte: number): Feed {
    if (this.esc !== 'none') return { echo: NONE, event: this.escape(byte) };
    switch (byte) {
      case 0x1b:
        this.esc = 'esc';
        return quiet();
      case 0x0d:
      case 0x0a: {
        const text = this.text;
        this.bytes = [];
        return { echo: this.echoed('\r\n'), event: { type: 'line', text } };
      }
      case 0x03:
        this.bytes = [];
        return { echo: encoder.encode('^C'), event: { type: 'interrupt' } };
      case 0x04:
        // VEOF on a non-empty line would hand the partial line to the reader; bash then ignores
        // it, so only an empty line means end of input.
        return this.bytes.length === 0 ? { echo: NONE, event: { type: 'eof' } } : quiet();
      case 0x7f:
      case 0x08:
        return { echo: this.eraseChar() ? this.echoed(ERASE) : NONE, event: null };
      case 0x15: {
        const n = this.chars();
        this.bytes = [];
        return { echo: this.echoed(ERASE.repeat(n)), event: null };
      }
      case 0x17:
        return { echo: this.echoed(this.eraseWord()), event: null };
      default:
        break;
    }
    // Other control characters (Tab, Ctrl-L, …) would need readline; they are dropped, not
    // inserted as garbage.
    if (byte < 0x20) return quiet();
    if (this.bytes.length >= MAX_LINE_BYTES) return quiet();
    this.bytes.push(byte);
    return { echo: this.echo ? Uint8Array.of(byte) : NONE, event: null };
  }

  /** Consumes an escape sequence whole; only up and down arrows mean anything (history). */
  private escape(byte: number): LineEvent | null {
    if (this.esc === 'esc') {
      this.esc = byte === 0x5b ? 'csi' : byte === 0x4f ? 'ss3' : 'none';
      return null;
    }
    if (this.esc === 'csi' && byte >= 0x20 && byte <= 0x3f) return null;
    this.esc = 'none';
    if (byte === 0x41) return { type: 'history', step: -1 };
    if (byte === 0x42) return { type: 'history', step: 1 };
    return null;
  }

  private echoed(s: string): Uint8Array {
    return this.echo ? encoder.encode(s) : NONE;
  }

  /** Removes one UTF-8 character (its continuation bytes and lead byte). */
  private eraseChar(): boolean {
    if (this.bytes.length === 0) return false;
    let b = this.bytes.pop();
    while (b !== undefined && (b & 0xc0) === 0x80 && this.bytes.length > 0) b = this.bytes.pop();
    return true;
  }

  private eraseWord(): string {
    let erased = '';
    while (this.bytes.length > 0 && this.bytes[this.bytes.length - 1] === 0x20) {
      this.bytes.pop();
      erased += ERASE;
    }
    while (this.bytes.length > 0 && this.bytes[this.bytes.length - 1] !== 0x20) {
      this.eraseChar();
      erased += ERASE;
    }
    return erased;
  }

  private chars(): number {
    return this.bytes.filter((b) => (b & 0xc0) !== 0x80).length;
  }
}

function quiet(): Feed {
  return { echo: NONE, event: null };
}

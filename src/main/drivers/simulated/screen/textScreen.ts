// The simulated VM's VGA text console: 80×25 cells the guest's output is written into, as the
// Linux console (tty0) shows what the kernel, getty and the shell print. Understands what the
// simulated guest sends: printable ASCII, CR, LF, BS, TAB and the few CSI sequences it uses
// (erase display/line, cursor moves); everything else is skipped, UTF-8 shows as '?'.
// Changes are reported per text row so an RFB client is sent only what changed.

export const COLS = 80;
export const ROWS = 25;

type Parse = 'text' | 'esc' | 'csi';

export class TextScreen {
  /** One byte per cell, row-major. */
  readonly cells = new Uint8Array(COLS * ROWS).fill(0x20);
  cursorX = 0;
  cursorY = 0;
  private state: Parse = 'text';
  private csi = '';
  private readonly listeners = new Set<(rows: readonly number[]) => void>();
  private dirty = new Set<number>();

  /** Called with the text rows that changed, once per write(). */
  onChange(listener: (rows: readonly number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The text of a row, trailing blanks trimmed (tests and the bench read the screen this way). */
  rowText(y: number): string {
    return String.fromCharCode(...this.cells.subarray(y * COLS, (y + 1) * COLS)).trimEnd();
  }

  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const before = this.cursorY;
    for (const b of bytes) this.byte(b);
    this.dirty.add(before);
    this.dirty.add(this.cursorY);
    const rows = [...this.dirty].sort((a, b) => a - b);
    this.dirty = new Set();
    for (const listener of [...this.listeners]) listener(rows);
  }

  private byte(b: number): void {
    if (this.state === 'esc') {
      this.state = b === 0x5b ? 'csi' : 'text';
      this.csi = '';
      return;
    }
    if (this.state === 'csi') {
      if (b >= 0x40 && b <= 0x7e) {
        this.state = 'text';
        this.sequence(String.fromCharCode(b), this.csi);
      } else if (this.csi.length < 32) this.csi += String.fromCharCode(b);
      return;
    }
    if (b === 0x1b) this.state = 'esc';
    else if (b === 0x0d) this.cursorX = 0;
    else if (b === 0x0a) this.lineFeed();
    else if (b === 0x08) this.cursorX = Math.max(0, this.cursorX - 1);
    else if (b === 0x09) this.cursorX = Math.min(COLS - 1, (this.cursorX & ~7) + 8);
    else if (b >= 0x80 && b < 0xc0)
      return; // a UTF-8 continuation byte: its lead showed as '?'
    else if (b >= 0x20 && b !== 0x7f) this.put(b >= 0x80 ? 0x3f : b);
  }

  private put(code: number): void {
    if (this.cursorX >= COLS) {
      this.cursorX = 0;
      this.lineFeed();
    }
    this.cells[this.cursorY * COLS + this.cursorX] = code;
    this.dirty.add(this.cursorY);
    this.cursorX++;
  }

  private lineFeed(): void {
    if (this.cursorY < ROWS - 1) {
      this.dirty.add(this.cursorY);
      this.cursorY++;
      return;
    }
    this.cells.copyWithin(0, COLS);
    this.cells.fill(0x20, (ROWS - 1) * COLS);
    for (let y = 0; y < ROWS; y++) this.dirty.add(y);
  }

  private sequence(final: string, params: string): void {
    const args = params
      .replace(/^\?/, '')
      .split(';')
      .map((p) => parseInt(p, 10));
    const n = (i: number, dflt: number) => (Number.isFinite(args[i]) ? (args[i] as number) : dflt);
    const row = this.cursorY;
    if (final === 'J') {
      const mode = n(0, 0);
      const from = mode === 0 ? row * COLS + this.cursorX : 0;
      const to = mode === 1 ? row * COLS + this.cursorX + 1 : COLS * ROWS;
      this.cells.fill(0x20, from, to);
      for (let y = Math.floor(from / COLS); y < ROWS && y * COLS < to; y++) this.dirty.add(y);
    } else if (final === 'K') {
      const mode = n(0, 0);
      const from = row * COLS + (mode === 0 ? this.cursorX : 0);
      const to = mode === 1 ? row * COLS + this.cursorX + 1 : (row + 1) * COLS;
      this.cells.fill(0x20, from, to);
      this.dirty.add(row);
    } else if (final === 'H' || final === 'f') {
      this.dirty.add(row);
      this.cursorY = clamp(n(0, 1) - 1, ROWS);
      this.cursorX = clamp(n(1, 1) - 1, COLS);
    } else if (final === 'A') this.moveY(-Math.max(1, n(0, 1)));
    else if (final === 'B') this.moveY(Math.max(1, n(0, 1)));
    else if (final === 'C') this.cursorX = clamp(this.cursorX + Math.max(1, n(0, 1)), COLS);
    else if (final === 'D') this.cursorX = clamp(this.cursorX - Math.max(1, n(0, 1)), COLS);
  }

  private moveY(by: number): void {
    this.dirty.add(this.cursorY);
    this.cursorY = clamp(this.cursorY + by, ROWS);
  }
}

function clamp(v: number, size: number): number {
  return Math.min(size - 1, Math.max(0, v));
}

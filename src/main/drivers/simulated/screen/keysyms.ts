// X keysyms (what RFB KeyEvents carry) to the bytes a Linux console sends its shell, for the
// simulated guest: the same shell reads them as if typed on its serial line.

const CTRL_KEYS = new Set([0xffe3, 0xffe4]);
const ALT_KEYS = new Set([0xffe9, 0xffea, 0xffe7, 0xffe8]);
export const KEYSYM_DELETE = 0xffff;

const SPECIAL: Record<number, string> = {
  0xff08: '\x7f', // BackSpace: the console sends DEL, as stty erase ^? expects
  0xff09: '\t',
  0xff0d: '\r',
  0xff8d: '\r', // KP_Enter
  0xff1b: '\x1b',
  0xff50: '\x1b[H', // Home
  0xff51: '\x1b[D',
  0xff52: '\x1b[A',
  0xff53: '\x1b[C',
  0xff54: '\x1b[B',
  0xff57: '\x1b[F', // End
  0xffff: '\x1b[3~', // Delete
};

/** Tracks the modifiers of one connection and turns key presses into bytes. */
export class KeyMapper {
  private ctrl = new Set<number>();
  private alt = new Set<number>();

  get ctrlAlt(): boolean {
    return this.ctrl.size > 0 && this.alt.size > 0;
  }

  /** The bytes for this key event; empty for releases, modifiers and keys with no byte. */
  key(down: boolean, keysym: number): string {
    if (CTRL_KEYS.has(keysym)) {
      if (down) this.ctrl.add(keysym);
      else this.ctrl.delete(keysym);
      return '';
    }
    if (ALT_KEYS.has(keysym)) {
      if (down) this.alt.add(keysym);
      else this.alt.delete(keysym);
      return '';
    }
    if (!down) return '';
    let text: string | undefined;
    if (keysym >= 0x20 && keysym <= 0x7e) text = String.fromCharCode(keysym);
    else if (keysym >= 0xffb0 && keysym <= 0xffb9)
      text = String.fromCharCode(keysym - 0xffb0 + 0x30);
    else text = SPECIAL[keysym];
    if (text === undefined) return '';
    if (this.ctrl.size > 0 && text.length === 1) {
      const c = text.toUpperCase().charCodeAt(0);
      if (c >= 0x40 && c <= 0x5f) return String.fromCharCode(c & 0x1f);
    }
    return text;
  }
}

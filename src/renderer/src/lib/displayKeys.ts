// What the Display tab's "Send key" menu offers: combinations the browser or the desktop would
// keep for itself, as X keysyms pressed in order and released in reverse (what a VNC server
// expects). Text typed from "Type text" goes through keysymOf.

const CONTROL_L = 0xffe3;
const ALT_L = 0xffe9;
const DELETE = 0xffff;
const PRINT = 0xff61;
const F1 = 0xffbe;

export interface DisplayKey {
  label: string;
  keysyms: readonly number[];
}

export const DISPLAY_KEYS: readonly DisplayKey[] = [
  { label: 'Ctrl+Alt+Del', keysyms: [CONTROL_L, ALT_L, DELETE] },
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({
    label: `Ctrl+Alt+F${n}`,
    keysyms: [CONTROL_L, ALT_L, F1 + n - 1],
  })),
  { label: 'PrintScreen', keysyms: [PRINT] },
];

/** The keysym that types `ch`: Latin-1 as itself, Enter as Return, the rest as Unicode keysyms. */
export function keysymOf(ch: string): number | null {
  const code = ch.codePointAt(0);
  if (code === undefined) return null;
  if (ch === '\n' || ch === '\r') return 0xff0d;
  if (ch === '\t') return 0xff09;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  if (code < 0x20 || code === 0x7f) return null;
  return 0x01000000 + code;
}

// Character rules every layer applies to text that reaches a host or the screen: written once so
// main's validation, the renderer's form checks and the drivers' quoting agree.

/** C0 controls and DEL: they reorder terminals, split virsh words and hide text. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function hasControlChars(text: string): boolean {
  return CONTROL_CHARS.test(text);
}

/** Control characters other than the tab and line breaks a multi-line text may hold. */
export function hasControlCharsBesideLines(text: string): boolean {
  return CONTROL_CHARS.test(text.replace(/[\t\n\r]/g, ''));
}

/** The distinct control characters in `text`, spelled so a user can see them (\t, \n, \x7f). */
export function controlCharsIn(text: string): string[] {
  const found = new Set<string>();
  for (const c of text) if (CONTROL_CHARS.test(c)) found.add(spell(c));
  return [...found];
}

function spell(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

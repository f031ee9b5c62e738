// A quick sanity check of what the user types as a connection URI, so obvious mistakes show as
// they type. Main parses and validates the URI authoritatively (and its message is shown too);
// this only refuses what can never be part of a libvirt URI or an ssh alias.

export const URI_MAX = 1024;

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\s/, 'spaces'],
  // eslint-disable-next-line no-control-regex
  [/[\u0000-\u001f\u007f]/, 'control characters'],
  [/;/, "';'"],
  [/\$/, "'$'"],
  [/`/, "'`'"],
  [/'/, 'quotes'],
  [/"/, 'quotes'],
  [/\\/, "'\\'"],
  [/[|<>]/, "'|', '<' or '>'"],
];

/** A message for the user, or null when the text may be a URI or an ssh alias. */
export function checkConnectionUri(text: string): string | null {
  if (text.length === 0) return 'Enter a URI such as qemu+ssh://root@192.168.1.10/system.';
  if (text.length > URI_MAX) return `The URI is too long (at most ${URI_MAX} characters).`;
  const bad = [...new Set(FORBIDDEN.filter(([re]) => re.test(text)).map(([, what]) => what))];
  if (bad.length > 0) return `A connection URI may not contain ${bad.join(', ')}.`;
  return null;
}

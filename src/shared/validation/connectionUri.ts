// What a connection URI or ssh alias typed into "Add connection" may contain, checked the same way
// by the renderer as you type, the request schema and main's parser (src/main/ssh/libvirtUri.ts),
// so all three give the same message. Only characters that can never be part of a libvirt URI or
// an ssh alias are refused here; main's parse decides the rest.
import { controlCharsIn, hasControlChars } from '../text/chars';

/** Generous for any real URI (a long keyfile path included), and bounds the work done on input. */
export const CONNECTION_URI_MAX = 2048;

export const CONNECTION_URI_EXAMPLE = 'qemu+ssh://user@host/system';

/**
 * Shell and ssh syntax: a typo at best, an injection attempt at worst (escape them as %XX). libvirt
 * also splits parameters on ';', so `socket=/a;command=x` would mean two things to virsh.
 */
const SYNTAX_CHARS: readonly [string, string][] = [
  [';', "';'"],
  ['$', "'$'"],
  ['`', 'a backtick (`)'],
  ["'", "a quote (')"],
  ['"', 'a quote (")'],
  ['\\', "'\\'"],
  ['|', "'|'"],
  ['<', "'<'"],
  ['>', "'>'"],
];

/**
 * Why `input` cannot be a connection URI, or null. Surrounding blanks are ignored (main trims
 * them); blanks inside are refused.
 */
export function connectionUriProblem(input: string): string | null {
  if (input.length > CONNECTION_URI_MAX) {
    return `The connection URI is too long (${input.length} characters; at most ${CONNECTION_URI_MAX}).`;
  }
  const text = input.trim();
  if (text === '') {
    return `Enter a libvirt URI such as ${CONNECTION_URI_EXAMPLE} or an SSH host name.`;
  }
  const bad: string[] = [];
  if ([...text].some((c) => /\s/.test(c) && !hasControlChars(c))) bad.push('spaces');
  const control = controlCharsIn(text);
  if (control.length > 0) bad.push(`control characters (${control.join(' ')})`);
  for (const [c, named] of SYNTAX_CHARS) if (text.includes(c)) bad.push(named);
  return bad.length > 0 ? `The connection URI may not contain ${bad.join(', ')}.` : null;
}

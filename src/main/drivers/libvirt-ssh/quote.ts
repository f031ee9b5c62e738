// Quoting for the two parsers a word meets on the host: virsh's own command-line parser (for the
// persistent `virsh` session reading commands on stdin) and the remote login shell (for the
// command an exec channel runs). Both honour POSIX single quotes: inside them nothing is special,
// and an embedded quote is written as '\'' (close, escaped quote, reopen). Verified against
// virsh 9.0 with names such as x';touch /tmp/pwned;' and `a b $(id)`.
// Values always go after a named option (`--domain 'x'`): virsh treats a quoted positional word
// that starts with `--` as an option, but never an option's value.
import { VirtdeskError } from '../../../shared/errors';

// Inside single quotes every other character is literal, TABs and control characters included
// (the virsh session sends those past readline: framing.ts). Only a newline cannot be carried: it
// ends virsh's command line. libvirt refuses it in domain names, but a file in a dir pool can hold
// one, so such a volume is listed, read-only, with unsendableReason().

/** Why `value` cannot be passed to virsh (a newline or NUL in it), or null when it can. */
export function unsendableReason(value: string): string | null {
  if (!value.includes('\n') && !value.includes('\u0000')) return null;
  return `${JSON.stringify(value.slice(0, 64))} contains a line break, which cannot be passed to virsh: rename it on the host.`;
}

/** A word as virsh's parser (and a POSIX shell) reads it back unchanged. */
export function quoteWord(value: string): string {
  const reason = unsendableReason(value);
  if (reason !== null) throw new VirtdeskError('INVALID_INPUT', reason);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An option as written (`--inactive`), or an option with a value (`['--domain', uuid]`). */
export type VirshArg = `--${string}` | readonly [`--${string}`, string];

const COMMAND = /^[a-z][a-z0-9-]*$/;
const OPTION = /^--[a-z][a-z0-9-]*$/;

/**
 * One virsh command line. The command and option names are fixed words from this code and are
 * checked, never quoted; every value is quoted.
 */
export function virshLine(command: string, ...args: readonly VirshArg[]): string {
  if (!COMMAND.test(command)) throw new Error(`virsh: bad command name ${command}`);
  const words = [command];
  for (const arg of args) {
    const [option, value] = typeof arg === 'string' ? [arg, undefined] : arg;
    if (!OPTION.test(option)) throw new Error(`virsh: bad option name ${option}`);
    words.push(value === undefined ? option : `${option} ${quoteWord(value)}`);
  }
  return words.join(' ');
}

/** A remote shell command line from words, each quoted. */
export function shellLine(...words: string[]): string {
  return words.map(quoteWord).join(' ');
}

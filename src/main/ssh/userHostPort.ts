// `[user@]host[:port]`: the authority of a qemu+ssh:// URI, a bare host typed into "Add
// connection", and each ProxyJump hop. These values never reach a shell (ssh2 takes them as data),
// but a user or host that a shell or ssh would read as syntax (`;`, `$(`, quotes, whitespace, a
// leading '-') is a typo at best and an injection attempt at worst, so it is refused with the
// offending character named.
import { VirtdeskError } from '../../shared/errors';

export interface UserHostPort {
  user: string | null;
  /** Without brackets for IPv6 (`::1`), lower-cased like ssh does before any lookup. */
  host: string;
  port: number | null;
}

export const HOST_MAX = 253;
export const USER_MAX = 64;

/** A readable name for a character in an error message ("a space", "';'", "U+0007"). */
export function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\n' || c === '\r') return 'a newline';
  if (c === '\t') return 'a tab';
  if (c === '`') return 'a backtick (`)';
  if (c === '"' || c === "'") return `a quote (${c})`;
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || code > 0x7e) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${c}'`;
}

/** Distinct characters of `text` that fail `ok`, described, in order of first appearance. */
export function badChars(text: string, ok: (c: string) => boolean): string[] {
  return [...new Set([...text].filter((c) => !ok(c)))].map(describeChar);
}

export function invalid(message: string, path?: string): VirtdeskError {
  return new VirtdeskError('INVALID_INPUT', message, path);
}

/** Shortens a hostile or huge value before it is echoed back in a message. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 61)}...` : text);
}

const NAME_CHAR = /^[A-Za-z0-9._-]$/;
const IPV6_CHAR = /^[0-9A-Fa-f:.]$/;

function checkUser(user: string, path?: string): string {
  if (user === '') throw invalid('The user name before "@" is empty.', path);
  if (user.length > USER_MAX) {
    throw invalid(`The user name must be at most ${USER_MAX} characters.`, path);
  }
  const bad = badChars(user, (c) => NAME_CHAR.test(c));
  if (bad.length > 0) {
    throw invalid(
      `User ${shown(user)} may not contain ${bad.join(', ')}: use letters, digits, '.', '_' and '-'.`,
      path,
    );
  }
  if (user.startsWith('-')) throw invalid(`User ${shown(user)} may not start with '-'.`, path);
  return user;
}

export function checkHost(host: string, path?: string): string {
  if (host === '') throw invalid('The host name is missing.', path);
  if (host.length > HOST_MAX) {
    throw invalid(`The host name must be at most ${HOST_MAX} characters.`, path);
  }
  if (host.includes(':')) {
    const bad = badChars(host, (c) => IPV6_CHAR.test(c));
    if (bad.length > 0) {
      throw invalid(`IPv6 address ${shown(host)} may not contain ${bad.join(', ')}.`, path);
    }
    return host.toLowerCase();
  }
  const bad = badChars(host, (c) => NAME_CHAR.test(c));
  if (bad.length > 0) {
    throw invalid(
      `Host ${shown(host)} may not contain ${bad.join(', ')}: use letters, digits, '.', '-' and '_' (IPv6 in brackets: [::1]).`,
      path,
    );
  }
  if (host.startsWith('-') || host.startsWith('.')) {
    throw invalid(`Host ${shown(host)} may not start with '${host[0]}'.`, path);
  }
  return host.toLowerCase();
}

export function checkPort(text: string, path?: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw invalid(`Port must be a number from 1 to 65535 (got ${shown(text)}).`, path);
  }
  return port;
}

/**
 * Parses `[user@]host[:port]`; IPv6 needs brackets (`[::1]:2222`) unless `allowBareIpv6` says a
 * bracket-less address with two or more colons is a host without a port (bare input only).
 */
export function parseUserHostPort(
  text: string,
  opts: { allowBareIpv6?: boolean; path?: string } = {},
): UserHostPort {
  const { path } = opts;
  const at = text.indexOf('@');
  if (at !== -1 && text.indexOf('@', at + 1) !== -1) {
    throw invalid(`${shown(text)} has more than one '@'.`, path);
  }
  const user = at === -1 ? null : checkUser(text.slice(0, at), path);
  const rest = at === -1 ? text : text.slice(at + 1);
  let hostText = rest;
  let portText: string | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) throw invalid(`${shown(text)} is missing the closing ']'.`, path);
    // Names in brackets are accepted too: [host]:port is how known_hosts and ssh write them.
    hostText = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) {
        throw invalid(`Expected ':port' after ']' in ${shown(text)}.`, path);
      }
      portText = after.slice(1);
    }
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1 && !opts.allowBareIpv6) {
      throw invalid(`Write IPv6 addresses in brackets, e.g. [::1] (got ${shown(rest)}).`, path);
    }
    if (colons === 1) {
      const colon = rest.indexOf(':');
      hostText = rest.slice(0, colon);
      portText = rest.slice(colon + 1);
    }
  }
  const host = checkHost(hostText, path);
  const port = portText === null ? null : checkPort(portText, path);
  return { user, host, port };
}

/** `host`, `[v6]` or `host:port` / `[v6]:port` as written in URIs and ProxyJump. */
export function formatHostPort(host: string, port: number | null): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === null ? h : `${h}:${port}`;
}

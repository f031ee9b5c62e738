// What a user types into "Add connection", read the way virsh reads a connection URI:
// `qemu+ssh://[user@]host[:port]/system?keyfile=...`, a bare ssh_config alias (`myhost`), or the
// local hypervisor: `qemu:///system`, `qemu:///session`, `qemu+unix:///system?socket=...`.
// Everything is validated here, at the boundary, so later code can trust user/host/port. What the
// text may contain at all is the shared rule the renderer and the request schema apply too.
import { controlCharsIn } from '../../shared/text/chars';
import {
  CONNECTION_URI_EXAMPLE as EXAMPLE,
  connectionUriProblem,
} from '../../shared/validation/connectionUri';
import { formatHostPort, invalid, parseUserHostPort, shown } from './userHostPort';

export type LibvirtPath = '/system' | '/session';

export interface SshLibvirtTarget {
  kind: 'ssh';
  transport: 'ssh';
  user: string | null;
  host: string;
  port: number | null;
  path: LibvirtPath;
  keyfile: string | null;
  socket: string | null;
  /** Canonical form: qemu+ssh://[user@]host[:port]/path[?keyfile=..&socket=..]. */
  uri: string;
  /** Parameters that were accepted but have no effect in virtdesk, explained for the user. */
  warnings: string[];
}

export interface LocalLibvirtTarget {
  kind: 'local';
  path: LibvirtPath;
  /** The daemon's socket when the URI names one (qemu+unix://…?socket=). */
  socket: string | null;
  /** Canonical form, as virsh -c takes it: qemu:///path or qemu+unix:///path?socket=... */
  uri: string;
}

export type LibvirtTarget = SshLibvirtTarget | LocalLibvirtTarget;

const SSH_SCHEMES = new Set(['qemu+ssh', 'qemu+libssh', 'qemu+libssh2']);
const LOCAL_SCHEMES = new Set(['qemu', 'qemu+unix']);

export function parseLibvirtUri(input: string): LibvirtTarget {
  if (typeof input !== 'string') throw invalid('The connection URI must be text.');
  const problem = connectionUriProblem(input);
  if (problem !== null) throw invalid(problem);
  const text = input.trim();

  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(text);
  if (!m) {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\//.test(text)) {
      throw invalid(`${shown(text)} is not a libvirt URI; expected something like ${EXAMPLE}.`);
    }
    // A bare `[user@]host[:port]`, later resolved through ~/.ssh/config like `ssh host` would.
    const uhp = parseUserHostPort(text, { allowBareIpv6: true });
    return sshTarget({ ...uhp, path: '/system', keyfile: null, socket: null, warnings: [] });
  }
  const scheme = (m[1] ?? '').toLowerCase();
  const rest = m[2] ?? '';
  if (rest.includes('#')) throw invalid(`The connection URI may not contain '#'.`);

  const q = rest.indexOf('?');
  const beforeQuery = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? null : rest.slice(q + 1);
  const slash = beforeQuery.indexOf('/');
  const authority = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash);
  const rawPath = slash === -1 ? '' : beforeQuery.slice(slash);

  if (LOCAL_SCHEMES.has(scheme)) {
    if (authority !== '') {
      // libvirt reads qemu://host/system as qemu+tls; virtdesk only speaks SSH.
      const { user, host, port } = parseUserHostPort(authority);
      const suggested = `${user === null ? '' : `${user}@`}${formatHostPort(host, port)}`;
      throw invalid(
        `${scheme}://${suggested}/ connects over TLS; virtdesk connects over SSH: use qemu+ssh://${suggested}/system.`,
      );
    }
    const path = checkPath(rawPath, false);
    const socket = query === null ? null : parseLocalQuery(query);
    return { kind: 'local', path, socket, uri: daemonUri(path, socket) };
  }
  if (scheme === 'qemu+tcp' || scheme === 'qemu+tls') {
    throw invalid(`${scheme}:// is not supported: virtdesk connects over SSH (${EXAMPLE}).`);
  }
  if (!SSH_SCHEMES.has(scheme)) {
    throw invalid(
      `Unsupported URI scheme ${shown(scheme)}: virtdesk manages QEMU/KVM hosts over SSH (${EXAMPLE}).`,
    );
  }
  if (authority === '') throw invalid(`The URI has no host: expected ${EXAMPLE}.`);
  const uhp = parseUserHostPort(authority);
  const warnings: string[] = [];
  const path = checkPath(rawPath, true, warnings);
  const params = query === null ? { keyfile: null, socket: null } : parseQuery(query, warnings);
  return sshTarget({ ...uhp, path, ...params, warnings });
}

function checkPath(raw: string, defaultToSystem: boolean, warnings?: string[]): LibvirtPath {
  if (raw === '/system' || raw === '/session') return raw;
  if (defaultToSystem && (raw === '' || raw === '/')) {
    warnings?.push('No path given; using /system (the system libvirt daemon).');
    return '/system';
  }
  throw invalid(`The libvirt path must be /system or /session (got ${shown(raw)}).`);
}

const IGNORED_PARAMS: Record<string, string> = {
  no_tty: 'no_tty has no effect: virtdesk never asks for a password on a terminal.',
  mode: 'mode has no effect: virtdesk runs virsh on the host over its own SSH connection.',
  proxy: 'proxy has no effect: virtdesk runs virsh on the host over its own SSH connection.',
  sshauth: 'sshauth has no effect: virtdesk tries the agent, key files and then a password.',
};

const REFUSED_PARAMS: Record<string, string> = {
  command:
    'command= is not supported: virtdesk runs virsh over its own SSH channel. Put options for ssh in ~/.ssh/config instead.',
  netcat:
    'netcat= is not supported: virtdesk runs virsh over its own SSH channel instead of a netcat bridge.',
  known_hosts:
    'known_hosts= is not supported: virtdesk checks ~/.ssh/known_hosts (or UserKnownHostsFile in ~/.ssh/config) and its own list.',
  known_hosts_verify:
    'known_hosts_verify= is not supported: virtdesk always verifies host keys and asks about unknown ones.',
};

function parseQuery(
  query: string,
  warnings: string[],
): { keyfile: string | null; socket: string | null } {
  const out: { keyfile: string | null; socket: string | null } = { keyfile: null, socket: null };
  const seen = new Set<string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq === -1 ? part : part.slice(0, eq)).toLowerCase();
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    if (seen.has(name)) throw invalid(`The URI parameter ${shown(name)} is given twice.`);
    seen.add(name);
    if (name === 'keyfile' || name === 'socket') {
      const control = controlCharsIn(value);
      if (value === '') throw invalid(`The URI parameter ${name} needs a value.`);
      if (control.length > 0) {
        throw invalid(`${name} may not contain control characters (${control.join(' ')}).`);
      }
      if (name === 'socket' && !value.startsWith('/')) {
        throw invalid(`socket must be an absolute path on the host (got ${shown(value)}).`);
      }
      out[name] = value;
    } else if (name === 'no_verify') {
      // Turning host key checking off is exactly what virtdesk must never do silently.
      if (value !== '0') {
        throw invalid(
          'no_verify is not supported: virtdesk always verifies host keys and asks about unknown ones.',
        );
      }
    } else if (name in REFUSED_PARAMS) {
      throw invalid(REFUSED_PARAMS[name] ?? name);
    } else if (name in IGNORED_PARAMS) {
      warnings.push(IGNORED_PARAMS[name] ?? name);
    } else {
      throw invalid(
        `Unknown URI parameter ${shown(name)}; virtdesk understands keyfile and socket.`,
      );
    }
  }
  return out;
}

/** A local URI's parameters: socket= only (the others are about SSH). */
function parseLocalQuery(query: string): string | null {
  const warnings: string[] = [];
  const { keyfile, socket } = parseQuery(query, warnings);
  if (keyfile !== null || warnings.length > 0) {
    throw invalid('A local connection takes only the socket parameter.');
  }
  return socket;
}

function decode(s: string): string {
  try {
    // libvirt unescapes %XX only ('+' stays a plus), like xmlURIUnescapeString.
    return decodeURIComponent(s);
  } catch {
    throw invalid(`Malformed %-escape in the URI parameter ${shown(s)}.`);
  }
}

/** Escapes everything the shared URI rule refuses, so a canonical URI always reads back. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/%2F/gi, '/').replace(/'/g, '%27');
}

/**
 * The URI virsh takes for the daemon at `path` (and `socket`), on this machine or on the far side
 * of SSH. The socket is re-encoded: it was decoded on parse, and a raw `;` or `&` in it would start
 * a parameter of its own in libvirt's query parsing (`socket=/x%3Bmode=direct`).
 */
export function daemonUri(path: LibvirtPath, socket: string | null): string {
  return socket === null ? `qemu://${path}` : `qemu+unix://${path}?socket=${encode(socket)}`;
}

function sshTarget(t: Omit<SshLibvirtTarget, 'kind' | 'transport' | 'uri'>): SshLibvirtTarget {
  const params: string[] = [];
  if (t.keyfile !== null) params.push(`keyfile=${encode(t.keyfile)}`);
  if (t.socket !== null) params.push(`socket=${encode(t.socket)}`);
  const uri =
    `qemu+ssh://${t.user === null ? '' : `${t.user}@`}${formatHostPort(t.host, t.port)}${t.path}` +
    (params.length > 0 ? `?${params.join('&')}` : '');
  return { kind: 'ssh', transport: 'ssh', ...t, uri };
}

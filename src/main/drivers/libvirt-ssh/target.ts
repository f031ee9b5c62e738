// Where a qemu+ssh:// URI leads, the way `ssh` and `virsh -c` would read it: the URI's parts
// (parseLibvirtUri) beat ~/.ssh/config (resolveSshHost), the URI's keyfile is tried before the
// config's IdentityFiles, and ProxyJump hops are resolved through the same config. A local URI
// (qemu:///system) leads to this machine's libvirt, with no SSH at all.
import path from 'node:path';
import { VirtdeskError } from '../../../shared/errors';
import { daemonUri, parseLibvirtUri } from '../../ssh/libvirtUri';
import type { StrictHostKeyChecking } from '../../ssh/sshConfig';
import { resolveSshHost } from '../../ssh/sshConfig';
import { formatHostPort } from '../../ssh/userHostPort';

export interface SshHop {
  /** What the user named (alias or host); for messages. */
  alias: string;
  hostName: string;
  user: string;
  port: number;
  /** The name host keys are filed under: HostKeyAlias, else HostName. */
  keyHost: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  knownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  /** `user@host:port`, as messages name the host. */
  label: string;
  /**
   * The ~/.ssh/config ProxyCommand (tokens expanded) whose stdin/stdout carry this hop; only the
   * first hop of a chain can have one (later hops ride the previous hop's forwarded stream).
   */
  proxyCommand: string | null;
}

export interface ConnectTarget extends SshHop {
  kind: 'ssh';
  /** Hops to go through first, first hop first (ProxyJump). */
  jumps: SshHop[];
  /** The URI virsh uses ON the host: qemu:///system, qemu:///session or a +unix socket. */
  virshUri: string;
  /** The canonical qemu+ssh:// URI. */
  uri: string;
  /** Config lines read but not acted on, and URI parameters without effect. */
  notes: string[];
}

/** The hypervisor of the machine virtdesk runs on, reached by running virsh here. */
export interface LocalTarget {
  kind: 'local';
  /** The URI virsh uses here, as canonical as the SSH target's. */
  virshUri: string;
  uri: string;
  /** How messages name the host. */
  hostName: string;
}

export type HostTarget = ConnectTarget | LocalTarget;

export const LOCAL_HOST_NAME = 'this machine';

export interface TargetOptions {
  home: string;
  localUser: string;
  sshConfigPath?: string;
}

function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

function hop(
  alias: string,
  opts: TargetOptions,
  given: { user: string | null; port: number | null; keyfile?: string | null },
): SshHop & {
  proxyJump: { user: string | null; host: string; port: number | null }[];
  notes: string[];
} {
  const r = resolveSshHost(alias, {
    home: opts.home,
    localUser: opts.localUser,
    configPath: opts.sshConfigPath,
    user: given.user,
    port: given.port,
  });
  const keyfile = given.keyfile ? [expandHome(given.keyfile, opts.home)] : [];
  return {
    alias,
    hostName: r.hostName,
    user: r.user,
    port: r.port,
    keyHost: r.hostKeyAlias ?? r.hostName,
    identityFiles: [...new Set([...keyfile, ...r.identityFiles])],
    identitiesOnly: r.identitiesOnly,
    knownHostsFiles: [...r.userKnownHostsFiles, ...r.globalKnownHostsFiles],
    strictHostKeyChecking: r.strictHostKeyChecking,
    label: `${r.user}@${formatHostPort(r.hostName, r.port)}`,
    proxyCommand: r.proxyCommand,
    proxyJump: r.proxyJump,
    notes: r.notes,
  };
}

export function resolveTarget(uri: string, opts: TargetOptions): ConnectTarget {
  const t = parseLibvirtUri(uri);
  if (t.kind !== 'ssh') throw new VirtdeskError('UNSUPPORTED', `${t.uri} is not reached over SSH.`);
  const main = hop(t.host, opts, { user: t.user, port: t.port, keyfile: t.keyfile });
  const hops = chain(main, opts, 0);
  const { proxyJump: _p, notes, ...target } = hops[hops.length - 1]!;
  const jumps = hops.slice(0, -1).map(({ proxyJump: _j, notes: _n, ...rest }) => rest);
  return {
    ...target,
    kind: 'ssh',
    jumps,
    virshUri: daemonUri(t.path, t.socket),
    uri: t.uri,
    notes: [...t.warnings, ...notes],
  };
}

/** Where any URI Add connection accepts leads: this machine's libvirt, or a host over SSH. */
export function resolveHostTarget(uri: string, opts: TargetOptions): HostTarget {
  const t = parseLibvirtUri(uri);
  if (t.kind === 'local')
    return { kind: 'local', virshUri: t.uri, uri: t.uri, hostName: LOCAL_HOST_NAME };
  return resolveTarget(uri, opts);
}

/** Whether a URI names this machine's libvirt (false for SSH hosts and for URIs not understood). */
export function isLocalUri(uri: string): boolean {
  try {
    return parseLibvirtUri(uri).kind === 'local';
  } catch {
    return false;
  }
}

/** How many jump hosts a chain may have; more is a ProxyJump loop in the config. */
export const MAX_JUMPS = 8;

type ResolvedHop = ReturnType<typeof hop>;

/**
 * The hops that reach `last`, first hop first, as `ssh -J` builds them: `ProxyJump a,b` reaches a
 * (through a's own ProxyJump or ProxyCommand, from the config), then b from a, then the host
 * from b. Only the first jump's own proxy settings are followed: ssh runs the later ones with the
 * jump list on its command line, which beats their config.
 */
function chain(last: ResolvedHop, opts: TargetOptions, depth: number): ResolvedHop[] {
  if (last.proxyJump.length === 0) return [last];
  if (depth + last.proxyJump.length > MAX_JUMPS) {
    throw new VirtdeskError(
      'INVALID_INPUT',
      `ssh config: more than ${MAX_JUMPS} jump hosts to reach ${last.alias}; is there a ProxyJump loop?`,
    );
  }
  const [first, ...others] = last.proxyJump.map((j) =>
    hop(j.host, opts, { user: j.user, port: j.port }),
  );
  const head = chain(first!, opts, depth + last.proxyJump.length);
  const plain = (h: ResolvedHop): ResolvedHop => ({ ...h, proxyJump: [], proxyCommand: null });
  return [...head, ...others.map(plain), plain(last)];
}

/** `~/.ssh/id_ed25519` rather than the full path, as ssh prints it. */
export function tildePath(p: string, home: string): string {
  return p === home ? '~' : p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p;
}

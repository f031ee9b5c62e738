// Where a qemu+ssh:// URI leads, the way `ssh` and `virsh -c` would read it: the URI's parts
// (parseLibvirtUri) beat ~/.ssh/config (resolveSshHost), the URI's keyfile is tried before the
// config's IdentityFiles, and ProxyJump hops are resolved through the same config.
import path from 'node:path';
import { VirtdeskError } from '../../../shared/errors';
import { parseLibvirtUri } from '../../ssh/libvirtUri';
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
}

export interface ConnectTarget extends SshHop {
  /** Hops to go through first, first hop first (ProxyJump). */
  jumps: SshHop[];
  /** The URI virsh uses ON the host: qemu:///system, qemu:///session or a +unix socket. */
  virshUri: string;
  /** The canonical qemu+ssh:// URI. */
  uri: string;
  /** Config lines read but not acted on, and URI parameters without effect. */
  notes: string[];
}

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
    proxyJump: r.proxyJump,
    notes: r.notes,
  };
}

/** The virsh URI on the remote side for a parsed target. */
function virshUriFor(p: '/system' | '/session', socket: string | null): string {
  return socket === null ? `qemu://${p}` : `qemu+unix://${p}?socket=${socket}`;
}

export function resolveTarget(uri: string, opts: TargetOptions): ConnectTarget {
  const t = parseLibvirtUri(uri);
  if (t.kind !== 'ssh') throw new VirtdeskError('UNSUPPORTED', t.message);
  const main = hop(t.host, opts, { user: t.user, port: t.port, keyfile: t.keyfile });
  // Each hop is looked up in the config like `ssh -J` does; a hop's own ProxyJump is not
  // followed (one level of jumps, which is what homelabs use).
  const jumps = main.proxyJump.map((j) => {
    const { proxyJump: _p, notes: _n, ...rest } = hop(j.host, opts, { user: j.user, port: j.port });
    return rest;
  });
  const { proxyJump: _p, notes, ...target } = main;
  return {
    ...target,
    jumps,
    virshUri: virshUriFor(t.path, t.socket),
    uri: t.uri,
    notes: [...t.warnings, ...notes],
  };
}

/** `~/.ssh/id_ed25519` rather than the full path, as ssh prints it. */
export function tildePath(p: string, home: string): string {
  return p === home ? '~' : p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p;
}

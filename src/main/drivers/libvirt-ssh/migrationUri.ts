// The destination URI as the SOURCE host sees it: `virsh migrate` runs on the source (its client
// connects to both daemons), so the URI virtdesk uses to reach the destination is not the one to
// give it. The rule, checked on the testbed (two daemons on one machine):
// - another machine: qemu+ssh://USER@HOST[:PORT]/PATH of the destination connection, without
//   virtdesk's own parameters (keyfile=, command= name files on this machine, not the source);
//   the source then needs its own key for that host;
// - the same machine: the destination daemon's socket, qemu+unix:///PATH?socket=…, since a plain
//   qemu:///session names the session of whoever runs virsh, and libvirt refuses a URI it takes
//   for the source itself ("Attempt to migrate guest to the same host").
import os from 'node:os';
import { parseLibvirtUri } from '../../ssh/libvirtUri';
import { formatHostPort } from '../../ssh/userHostPort';
import type { HostTarget } from './target';

/** Where the system daemon listens on a Debian/Fedora host. */
export const SYSTEM_SOCKET = '/run/libvirt/libvirt-sock';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', 'ip6-localhost']);

const machineOf = (t: HostTarget): string =>
  t.kind === 'local' || LOOPBACK.has(t.hostName.toLowerCase())
    ? 'this machine'
    : `${t.hostName.toLowerCase()}:${t.port}`;

/** Whether two connections lead to daemons on one machine. */
export function sameMachine(a: HostTarget, b: HostTarget): boolean {
  return machineOf(a) === machineOf(b);
}

const encode = (s: string) => encodeURIComponent(s).replace(/%2F/gi, '/');

/**
 * The URI `virsh migrate` on the source host is given for the destination. `sessionSocket` is
 * the destination's session socket as it reported it (only needed for a session daemon on the
 * source's machine).
 */
export function destUriFor(
  source: HostTarget,
  dest: HostTarget,
  sessionSocket: string | null,
): string {
  const daemon = parseLibvirtUri(dest.virshUri);
  const path = daemon.kind === 'local' ? daemon.path : '/system';
  if (sameMachine(source, dest)) {
    const socket =
      (daemon.kind === 'local' ? daemon.socket : null) ??
      (path === '/system' ? SYSTEM_SOCKET : sessionSocket);
    return socket === null ? `qemu://${path}` : `qemu+unix://${path}?socket=${encode(socket)}`;
  }
  if (dest.kind === 'local')
    // This machine seen from another one: only its name is known here.
    return `qemu+ssh://${formatHostPort(os.hostname(), null)}${path}`;
  return `qemu+ssh://${dest.user}@${formatHostPort(dest.hostName, dest.port === 22 ? null : dest.port)}${path}`;
}

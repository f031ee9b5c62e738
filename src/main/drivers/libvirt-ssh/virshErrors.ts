// What virsh's `error: …` lines mean for the user. libvirt's message is kept as written (it is
// what a search engine or the libvirt docs know); only the code is chosen here, so the UI can
// react to NOT_FOUND or INVALID_STATE without parsing text.
import { VirtdeskError } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/errors';

/** libvirt's message without virsh's `error: ` prefixes, one line per error; '' when none. */
export function libvirtMessage(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.replace(/^error:\s*/, ''))
    .join('\n');
}

const NOT_FOUND = [
  /failed to get domain/i,
  /Domain not found/i,
  /no domain with matching/i,
  /Storage volume not found/i,
  /Storage pool not found/i,
  /Network not found/i,
  /Node device not found/i,
];

const INVALID_STATE = [
  /domain is not running/i,
  /is already active/i,
  /already running/i,
  /domain is not paused/i,
  /Requested operation is not valid/i,
];

// The daemon, not the request: libvirtd stopped, restarting, or its socket is not there.
const UNREACHABLE = [
  /failed to connect to the hypervisor/i,
  /Failed to reconnect to the hypervisor/i,
  /Failed to connect socket/i,
  /no connection driver available/i,
  /Cannot recv data/i,
  /Cannot write data/i,
  /End of file while reading data/i,
  /client socket is closed/i,
  /Disconnected from .* due to/i,
  /no valid connection/i,
];

export function isUnreachable(message: string): boolean {
  return UNREACHABLE.some((re) => re.test(message));
}

// virsh reports its own reconnect after libvirtd restarted as two `error:` lines, then runs the
// command on the new connection: they are notices, not the command's failure.
const NOTICES = [
  /^error: Disconnected from \S+ due to .*$/gm,
  /^error: Reconnected to the hypervisor$/gm,
];

/** The error for a reply whose stderr has `error:` lines, or null when it has none. */
export function virshError(stderr: string, hostName: string): VirtdeskError | null {
  const text = NOTICES.reduce((s, re) => s.replace(re, ''), stderr);
  if (!/^error:/m.test(text)) return null;
  const message = libvirtMessage(text.slice(text.search(/^error:/m)));
  return errorFor(message, hostName);
}

export function errorFor(message: string, hostName: string): VirtdeskError {
  let code: ErrorCode = 'HOST_ERROR';
  if (isUnreachable(message)) {
    // One line for the host list: the specific reason, without virsh's generic lead-in.
    const lines = message.split('\n');
    const specific = lines.filter((l) => !/^failed to connect to the hypervisor$/i.test(l));
    const why = (specific.length > 0 ? specific : lines).join('; ');
    return new VirtdeskError('HOST_ERROR', `libvirtd is not reachable on ${hostName}: ${why}`);
  }
  if (NOT_FOUND.some((re) => re.test(message))) code = 'NOT_FOUND';
  else if (INVALID_STATE.some((re) => re.test(message))) code = 'INVALID_STATE';
  return new VirtdeskError(code, message);
}

/**
 * Why a remote command could not run at all, from its exit status and stderr: a shell says
 * `virsh: not found` (127) when libvirt-clients is not installed.
 */
export function commandFailure(
  code: number | null,
  stderr: string,
  hostName: string,
): VirtdeskError {
  const text = libvirtMessage(stderr) || `exit status ${code ?? 'unknown'}`;
  if (code === 127 || /virsh: (command )?not found/i.test(stderr)) {
    return new VirtdeskError(
      'HOST_ERROR',
      `virsh is not installed on ${hostName} (install libvirt-clients): ${text}`,
    );
  }
  return errorFor(text, hostName);
}

// Commands on an SSH host: each an exec channel on the host's one connection, its words quoted
// for the remote login shell (quote.ts).
import type { Client, ClientChannel } from 'ssh2';
import { shellLine } from './quote';
import type { ExecOptions } from './transport';

/** A PTY for commands that must end with their channel: closing it hangs up virsh on the host. */
const HANG_UP_PTY = { cols: 512, rows: 24 };

/** The remote shell line for argv: `exec` leaves no shell behind, LC_ALL=C keeps libvirt's English. */
export function sshCommandLine(argv: readonly string[], utf8 = false): string {
  return `exec env LC_ALL=${utf8 ? 'C.UTF-8' : 'C'} ${shellLine(...argv)}`;
}

export function execChannel(
  client: Client,
  command: string,
  pty?: { cols: number; rows: number },
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const options = pty ? { pty: { term: 'xterm-256color', ...pty } } : {};
    try {
      client.exec(command, options, (err, channel) => {
        if (err) return reject(err);
        // Failures show up as the channel closing; an 'error' nobody listens to would crash main.
        channel.on('error', () => {});
        channel.stderr.on('error', () => {});
        resolve(channel);
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

export function sshExec(client: Client, argv: readonly string[], opts: ExecOptions = {}) {
  const pty = opts.terminal ?? (opts.endsWithChannel ? HANG_UP_PTY : undefined);
  return execChannel(client, sshCommandLine(argv, opts.utf8), pty);
}

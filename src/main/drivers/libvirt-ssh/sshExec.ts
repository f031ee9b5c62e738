// Commands on an SSH host: each an exec channel on the host's one connection, its words quoted
// for the remote login shell (quote.ts).
import type { Client, ClientChannel } from 'ssh2';
import type { Duplex } from 'node:stream';
import { VirtdeskError } from '../../../shared/errors';
import { shellLine } from './quote';
import type { ExecOptions, StreamTarget } from './transport';

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

/** A forwarded channel to a TCP address or unix socket on the host (ssh -L / -W does the same). */
export function sshOpenStream(client: Client, to: StreamTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | undefined, channel: ClientChannel): void => {
      if (err) {
        const where = 'socket' in to ? to.socket : `${to.host}:${to.port}`;
        reject(
          new VirtdeskError('HOST_ERROR', `Cannot reach ${where} on the host: ${err.message}`),
        );
        return;
      }
      channel.on('error', () => {});
      resolve(channel);
    };
    try {
      if ('socket' in to) client.openssh_forwardOutStreamLocal(to.socket, done);
      else client.forwardOut('127.0.0.1', 0, to.host, to.port, done);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

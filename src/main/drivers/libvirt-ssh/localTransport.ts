// The local hypervisor's transport: each command a child process of virtdesk, started from its
// words (no shell), in place of an SSH exec channel. A command that needs a terminal (virsh
// console) gets one from util-linux `script`, which every Debian and Fedora has; the event loop
// needs none here (virsh flushes each event line to a pipe, and ending the child ends it).
// Node gives a child a socket, not a pipe, for stdin, and open("/dev/stdin") fails on a socket
// (ENXIO): a command that reads its stdin as a file gets it through `cat |`, its words passed
// as the shell's arguments, never parsed.
// Resize is a no-op: the terminal gets its size once, at start, and a serial console carries no
// window size anyway (virsh console ignores it over SSH as well).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import { VirtdeskError } from '../../../shared/errors';
import { shellLine } from './quote';
import type { ExecOptions, HostChannel, HostTransport, StreamTarget } from './transport';

export const VIRSH_MISSING =
  'virsh is not installed on this machine: install libvirt-clients (Debian, Ubuntu) ' +
  'or libvirt-client (Fedora).';

/** A child process seen as a channel: stdout is 'data', its end is 'exit' then 'close'. */
class LocalChannel extends EventEmitter implements HostChannel {
  readonly stderr: Readable;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    super();
    this.stderr = child.stderr;
    child.stdout.on('data', (d: Buffer | string) => this.emit('data', d));
    child.on('exit', (code: number | null) => this.emit('exit', code));
    child.on('close', () => this.emit('close'));
    // Writing to a command that has ended fails with EPIPE; its end is reported as 'close'.
    child.stdin.on('error', () => {});
    child.on('error', () => {});
  }

  get writable(): boolean {
    return this.child.stdin.writable;
  }

  setEncoding(encoding: BufferEncoding): this {
    this.child.stdout.setEncoding(encoding);
    return this;
  }

  write(data: string | Buffer): boolean {
    return this.child.stdin.write(data);
  }

  end(data?: string): this {
    this.child.stdin.end(data);
    return this;
  }

  close(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  setWindow(): void {}

  pause(): this {
    this.child.stdout.pause();
    return this;
  }

  resume(): this {
    this.child.stdout.resume();
    return this;
  }
}

/** argv as spawn takes it: in a terminal made by `script`, or behind a pipe, when needed. */
function command(argv: readonly string[], opts: ExecOptions): string[] {
  if (opts.stdinAsFile) return ['sh', '-c', 'cat | "$@"', 'sh', ...argv];
  if (!opts.terminal) return [...argv];
  const { cols, rows } = opts.terminal;
  const line = `stty cols ${cols} rows ${rows} 2>/dev/null; exec ${shellLine(...argv)}`;
  return ['script', '-qfec', line, '/dev/null'];
}

export class LocalTransport implements HostTransport {
  private readonly children = new Set<LocalChannel>();
  private closed = false;

  /** `env`: the environment commands run in (PATH finds virsh); default process.env. */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<HostChannel> {
    if (this.closed)
      return Promise.reject(new VirtdeskError('DISCONNECTED', 'The local connection was closed.'));
    const [file, ...args] = command(argv, opts);
    // `script` runs its command with $SHELL -c: a POSIX shell, whatever the user's login shell.
    const env = { ...this.env, LC_ALL: opts.utf8 ? 'C.UTF-8' : 'C', SHELL: '/bin/sh' };
    return new Promise((resolve, reject) => {
      const child = spawn(file!, args, { env, stdio: 'pipe' });
      child.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'ENOENT' && file === 'virsh'
            ? new VirtdeskError('HOST_ERROR', VIRSH_MISSING)
            : new VirtdeskError('HOST_ERROR', `Cannot run ${file}: ${e.message}`),
        ),
      );
      child.once('spawn', () => {
        const channel = new LocalChannel(child);
        this.children.add(channel);
        channel.on('close', () => this.children.delete(channel));
        resolve(channel);
      });
    });
  }

  /** The socket or loopback port itself: this machine is the host. */
  openStream(to: StreamTarget): Promise<Duplex> {
    if (this.closed)
      return Promise.reject(new VirtdeskError('DISCONNECTED', 'The local connection was closed.'));
    return new Promise((resolve, reject) => {
      const sock = 'socket' in to ? connect(to.socket) : connect(to.port, to.host);
      sock.once('connect', () => {
        sock.off('error', reject);
        sock.setNoDelay(true);
        sock.on('error', () => {});
        resolve(sock);
      });
      sock.once('error', (e) => {
        const where = 'socket' in to ? to.socket : `${to.host}:${to.port}`;
        reject(new VirtdeskError('HOST_ERROR', `Cannot reach ${where}: ${e.message}`));
      });
    });
  }

  /** A local transport has no connection to lose: a dead virsh is its session's own end. */
  onLost(): void {}

  close(): void {
    this.closed = true;
    for (const c of this.children) c.close();
    this.children.clear();
  }
}

// How the libvirt driver runs commands on its host, whichever way it reaches it: an SSH exec
// channel on the host's one connection (connection.ts), or a child process on this machine
// (localTransport.ts). Everything above it (the virsh session, events, consoles, stats,
// snapshots, storage) is one code path over this interface.
import type { Duplex, Readable } from 'node:stream';

// Node's own listener type (EventEmitter): each event has its own arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;

/** What the driver uses of a running command; an ssh2 ClientChannel is one as it is. */
export interface HostChannel {
  readonly stderr: Readable;
  readonly writable: boolean;
  setEncoding(encoding: BufferEncoding): unknown;
  /** 'data' (stdout), 'exit' (status or null), 'close' (all done), 'error'. */
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  removeAllListeners(event: string): unknown;
  write(data: string | Buffer): unknown;
  end(data?: string): unknown;
  /** Ends the command now, whatever it is doing. */
  close(): void;
  setWindow(rows: number, cols: number, height: number, width: number): void;
  pause(): unknown;
  resume(): unknown;
}

export interface ExecOptions {
  /** The command needs a terminal of this size (virsh console). */
  terminal?: { cols: number; rows: number };
  /** The command runs until its channel closes (virsh event --loop) and must end with it. */
  endsWithChannel?: boolean;
  /** The command opens /dev/stdin as a file (virsh define --file /dev/stdin): it must be a pipe. */
  stdinAsFile?: boolean;
  /**
   * LC_ALL=C.UTF-8 instead of C (messages stay English): virsh's tables (vol-list) print UTF-8
   * names as they are instead of one `\xff` per byte. A host without that locale falls back to C.
   */
  utf8?: boolean;
}

/** Where a byte stream goes on the host: a TCP port (seen from the host), or a unix socket. */
export type StreamTarget = { host: string; port: number } | { socket: string };

export interface HostTransport {
  /**
   * A duplex byte stream to an address on the host (a VM's VNC server): over SSH a forwarded
   * channel on the host's one connection (direct-tcpip, or OpenSSH's streamlocal for a socket),
   * locally a plain socket. Nothing listens anywhere for it.
   */
  openStream(to: StreamTarget): Promise<Duplex>;
  /** Runs argv (words, never a shell line) with LC_ALL=C (or C.UTF-8), so messages come in the English parsed. */
  exec(argv: readonly string[], opts?: ExecOptions): Promise<HostChannel>;
  /** Called once, when the transport ends for any reason other than close(). */
  onLost(listener: (reason: string) => void): void;
  close(): void;
}

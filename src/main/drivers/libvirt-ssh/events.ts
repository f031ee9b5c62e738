// libvirt domain events over a second channel of the host's transport running `virsh event
// --all --loop --timestamp`. It must end with its channel (endsWithChannel): over SSH that takes a
// PTY, without which a remote `virsh event --loop` outlives the SSH client until its next write
// fails (TESTBED.md); a local child is simply ended. virsh connects before it runs any command, so the `echo` printed
// ahead of `event` means "connected, subscribing now". libvirtd restarting ends the channel
// (every event client is dropped): it is re-opened with backoff while the transport lives.
import type { Clock } from '../clock';
import { backoffDelay } from './backoff';
import type { DomainEventLine } from './eventLine';
import { LineSplitter, parseEventLine } from './eventLine';
import type { HostChannel, HostTransport } from './transport';
import { virshArgv } from './virsh';

export const EVENTS_READY = 'VDEVENTS-READY';
/** A channel that stayed up this long was working; its end starts a fresh backoff. */
const HEALTHY_MS = 10_000;

export interface EventStreamOptions {
  transport: HostTransport;
  virshUri: string;
  clock: Clock;
  /** Names the host's domains have now, to read names out of the unescaped event lines. */
  names(): Iterable<string>;
  onEvent(event: DomainEventLine): void;
  /** Subscribed (again): events may have been missed before this, so resync. */
  onSubscribed(): void;
  /** The channel ended or could not start; `retryInMs` until the next try. */
  onDown?(why: string, retryInMs: number): void;
}

export class EventStream {
  private channel: HostChannel | null = null;
  private timer: unknown = null;
  private failures = 0;
  private stopped = false;
  private readyAt: number | null = null;

  constructor(private readonly opts: EventStreamOptions) {}

  get subscribed(): boolean {
    return this.readyAt !== null;
  }

  start(): void {
    if (this.stopped || this.channel || this.timer) return;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
    const ch = this.channel;
    this.channel = null;
    if (ch) {
      ch.removeAllListeners('close');
      ch.close();
    }
  }

  private async open(): Promise<void> {
    const argv = virshArgv(
      this.opts.virshUri,
      `echo ${EVENTS_READY}; event --all --loop --timestamp`,
    );
    let channel: HostChannel;
    try {
      channel = await this.opts.transport.exec(argv, { endsWithChannel: true });
    } catch (e) {
      return this.down(e instanceof Error ? e.message : String(e));
    }
    if (this.stopped) {
      channel.close();
      return;
    }
    this.channel = channel;
    let tail = '';
    const lines = new LineSplitter((line) => {
      tail = line || tail;
      const event = parseEventLine(line, this.opts.names());
      if (event) this.opts.onEvent(event);
    });
    // virsh 9.0's `echo` ends without a newline, so the first event is glued to the token: cut
    // the token out of the stream, ignore what came before it (a polkit notice on a tty).
    let before = '';
    channel.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      if (this.readyAt !== null) return lines.push(text);
      before += text;
      const at = before.indexOf(EVENTS_READY);
      if (at === -1) {
        tail = before.trim().split('\n').pop() ?? '';
        return;
      }
      this.readyAt = this.opts.clock.now();
      const rest = before.slice(at + EVENTS_READY.length).replace(/^\r?\n/, '');
      before = '';
      this.opts.onSubscribed();
      lines.push(rest);
    });
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = null;
      const upFor = this.readyAt === null ? 0 : this.opts.clock.now() - this.readyAt;
      this.readyAt = null;
      if (upFor >= HEALTHY_MS) this.failures = 0;
      this.down(tail.replace(/^error:\s*/, '') || 'the event channel closed');
    });
  }

  private down(why: string): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.failures++);
    this.opts.onDown?.(why, delay);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      if (!this.stopped) void this.open();
    }, delay);
  }
}

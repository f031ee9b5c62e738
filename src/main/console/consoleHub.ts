// One VM's serial console in main: between its source (the simulated guest, or an ssh2 channel
// running `virsh console`) and the one window showing it. Output always lands in a bounded ring,
// so the source never stalls for lack of a window and a new window starts with the recent screen;
// with a window attached, unacknowledged bytes drive the source's pause and resume.
import { CONSOLE_TAKEN_OVER, CONSOLE_VM_STOPPED } from '../../shared/console';
import { FlowController } from './flowControl';
import { ByteRing, RING_BYTES } from './ringBuffer';

export interface ConsoleSource {
  onData(listener: (bytes: Uint8Array) => void): () => void;
  onClose(listener: (reason: string) => void): () => void;
  write(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  close(): void;
}

/** The transport's end of an open console: where output goes. */
export interface ConsoleClient {
  send(bytes: Uint8Array): void;
  closed(reason: string): void;
}

/** What the transport may do with an open console. */
export interface ConsoleAttachment {
  input(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Bytes the window has written to its terminal since its last ack. */
  ack(bytes: number): void;
  detach(): void;
}

export interface ConsoleHubOptions {
  ringBytes?: number;
  high?: number;
  low?: number;
}

export const TAKEN_OVER = CONSOLE_TAKEN_OVER;
export const VM_STOPPED = CONSOLE_VM_STOPPED;

const isDimension = (n: number) => Number.isInteger(n) && n > 0 && n <= 10_000;

export class ConsoleHub {
  private readonly ring: ByteRing;
  private readonly flow: FlowController;
  private readonly unsubscribe: (() => void)[];
  /** The attached window; a fresh object per attach, so a stale handle never matches. */
  private attached: { client: ConsoleClient } | null = null;
  private closedReason: string | null = null;

  constructor(
    private readonly source: ConsoleSource,
    opts: ConsoleHubOptions = {},
  ) {
    this.ring = new ByteRing(opts.ringBytes ?? RING_BYTES);
    this.flow = new FlowController({
      high: opts.high,
      low: opts.low,
      onPause: () => source.pause(),
      onResume: () => source.resume(),
    });
    this.unsubscribe = [
      source.onData((bytes) => this.data(bytes)),
      source.onClose((reason) => this.finish(reason || VM_STOPPED)),
    ];
  }

  /** Scrollback held for the next window (at most ringBytes). */
  get bufferedBytes(): number {
    return this.ring.size;
  }

  /** Sent to the window and not yet acknowledged by it. */
  get unackedBytes(): number {
    return this.flow.unacked;
  }

  get paused(): boolean {
    return this.flow.paused;
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  /** Shows the console in `client`, taking it from any window that had it (virsh --force). */
  attach(client: ConsoleClient): ConsoleAttachment {
    const previous = this.attached;
    this.attached = null;
    if (previous) this.tell(previous.client, TAKEN_OVER);
    // The old window's unacked bytes will never be acked; counting starts again with this one.
    this.flow.reset();
    const replay = this.ring.snapshot();
    if (this.closedReason !== null) {
      if (replay.length > 0) client.send(replay);
      this.tell(client, this.closedReason);
      return { input: () => {}, resize: () => {}, ack: () => {}, detach: () => {} };
    }
    const attachment = { client };
    this.attached = attachment;
    if (replay.length > 0) this.deliver(attachment, replay);
    const current = () => this.attached === attachment && this.closedReason === null;
    return {
      input: (bytes) => {
        if (current() && bytes.length > 0) this.source.write(bytes);
      },
      resize: (cols, rows) => {
        if (current() && isDimension(cols) && isDimension(rows)) this.source.resize(cols, rows);
      },
      ack: (bytes) => {
        if (current()) this.flow.ack(bytes);
      },
      detach: () => {
        if (!current()) return;
        this.attached = null;
        // Nobody is reading: let the source run into the ring rather than stall the guest.
        this.flow.reset();
      },
    };
  }

  /** Ends the console (host disconnected, app quitting): the window is told, the source closed. */
  close(reason: string): void {
    if (this.closedReason !== null) return;
    this.finish(reason);
    this.source.close();
  }

  private data(bytes: Uint8Array): void {
    if (this.closedReason !== null || bytes.length === 0) return;
    this.ring.push(bytes);
    if (this.attached) this.deliver(this.attached, bytes);
  }

  private deliver(attachment: { client: ConsoleClient }, bytes: Uint8Array): void {
    try {
      attachment.client.send(bytes);
    } catch (e) {
      // A window that cannot take output (destroyed mid-send) is as good as detached.
      console.error('virtdesk: console client failed', e);
      if (this.attached === attachment) {
        this.attached = null;
        this.flow.reset();
      }
      return;
    }
    if (this.attached === attachment) this.flow.sent(bytes.length);
  }

  private finish(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const off of this.unsubscribe) off();
    const attachment = this.attached;
    this.attached = null;
    if (attachment) this.tell(attachment.client, reason);
  }

  private tell(client: ConsoleClient, reason: string): void {
    try {
      client.closed(reason);
    } catch (e) {
      console.error('virtdesk: console client failed', e);
    }
  }
}

// The screens of one host's VMs in main: between the VM's VNC server (a byte stream the driver
// opens) and the one window showing it. Unlike the serial console nothing is kept for the next
// window: RFB is a conversation, so each window gets a connection of its own, and a new window
// takes the screen over (the old one is told, its connection closed). Flow control is the
// console's: unacknowledged bytes pause the source above the high watermark.
import { VirtdeskError } from '../../shared/errors';
import type { ConsoleAttachment, ConsoleClient, ConsoleSource } from './consoleHub';
import { TAKEN_OVER } from './consoleHub';
import { FlowController } from './flowControl';

/** A duplex byte stream to a VNC server (there is nothing to resize). */
export type DisplaySource = Omit<ConsoleSource, 'resize'>;

interface Shown {
  client: ConsoleClient;
  source: DisplaySource | null;
  done: boolean;
}

export class DisplayHub {
  private readonly shown = new Map<string, Shown>();

  /** Opens a fresh connection with `open` and shows it in `client`, taking the VM's screen over. */
  async attach(
    vmId: string,
    client: ConsoleClient,
    open: () => Promise<DisplaySource>,
  ): Promise<ConsoleAttachment> {
    const mine: Shown = { client, source: null, done: false };
    const previous = this.shown.get(vmId);
    this.shown.set(vmId, mine);
    if (previous) this.end(vmId, previous, TAKEN_OVER);
    let source: DisplaySource;
    try {
      source = await open();
    } catch (e) {
      if (this.shown.get(vmId) === mine) this.shown.delete(vmId);
      mine.done = true;
      throw e;
    }
    if (mine.done) {
      source.close();
      throw new VirtdeskError('CONFLICT', 'The display was taken over by another window.');
    }
    mine.source = source;
    const flow = new FlowController({
      onPause: () => source.pause(),
      onResume: () => source.resume(),
    });
    source.onData((bytes) => {
      if (mine.done || bytes.length === 0) return;
      // Counted before sending, so an ack that comes back at once (same tick) finds it.
      flow.sent(bytes.length);
      try {
        client.send(bytes);
      } catch (e) {
        console.error('virtdesk: display client failed', e);
        this.end(vmId, mine, null);
      }
    });
    source.onClose((reason) => this.end(vmId, mine, reason || 'display closed'));
    return {
      input: (bytes) => {
        if (!mine.done && bytes.length > 0) source.write(bytes);
      },
      resize: () => undefined,
      ack: (bytes) => {
        if (!mine.done) flow.ack(bytes);
      },
      detach: () => this.end(vmId, mine, null),
    };
  }

  /** The VM stopped or went away: its window is told and the connection closed. */
  closeVm(vmId: string, reason: string): void {
    const shown = this.shown.get(vmId);
    if (shown) this.end(vmId, shown, reason);
  }

  closeAll(reason: string): void {
    for (const [vmId, shown] of [...this.shown]) this.end(vmId, shown, reason);
  }

  /** A null reason is the window leaving: nobody is told. */
  private end(vmId: string, shown: Shown, reason: string | null): void {
    if (shown.done) return;
    shown.done = true;
    if (this.shown.get(vmId) === shown) this.shown.delete(vmId);
    shown.source?.close();
    if (reason === null) return;
    try {
      shown.client.closed(reason);
    } catch (e) {
      console.error('virtdesk: display client failed', e);
    }
  }
}

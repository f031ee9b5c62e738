// Serial consoles of one host's VMs: a channel with a terminal running `virsh console UUID
// --force` per running VM, behind a ConsoleHub that keeps recent output, so a window that reattaches
// sees the screen again. The hub lives as long as the VM runs; it ends when the VM stops or the
// connection drops, and the window is told why.
import type { ConsoleAttachment, ConsoleClient, ConsoleSource } from '../../console/consoleHub';
import { ConsoleHub, VM_STOPPED } from '../../console/consoleHub';
import type { HostChannel, HostTransport } from './transport';
import { virshArgv } from './virsh';

/** Why a console ended that was killed on the host (`signal`: SIGKILL…, or `killed`). */
export function consoleEnded(signal: string): string {
  return `virsh console ended on the host (${signal})`;
}

/** virsh console's escape character (Ctrl-]): leaves the console, ends virsh. */
const ESCAPE = '\x1d';

export function channelSource(channel: HostChannel): ConsoleSource {
  return {
    onData: (listener) => {
      const on = (b: Buffer) => listener(b);
      channel.on('data', on);
      return () => channel.off('data', on);
    },
    onClose: (listener) => {
      // `virsh console` ends when the domain stops (with a non-zero status over SSH, so the
      // status tells nothing). Ended by a signal, it was killed on the host and the VM may well
      // run on: saying "VM stopped" then would be false (Reconnect attaches again).
      let signal: string | null = null;
      const exit = (code: number | null, name?: string) => {
        if (code === null) signal = name ?? 'killed';
      };
      const on = () => listener(signal === null ? VM_STOPPED : consoleEnded(signal));
      channel.on('exit', exit);
      channel.on('close', on);
      return () => {
        channel.off('exit', exit);
        channel.off('close', on);
      };
    },
    write: (bytes) => {
      if (channel.writable) channel.write(Buffer.from(bytes));
    },
    resize: (cols, rows) => channel.setWindow(rows, cols, 0, 0),
    pause: () => channel.pause(),
    resume: () => channel.resume(),
    close: () => {
      // The connection may already be gone; then there is nothing left to leave.
      if (!channel.writable) return;
      channel.write(ESCAPE);
      channel.end();
    },
  };
}

export class RemoteConsoles {
  private readonly hubs = new Map<string, ConsoleHub>();
  private readonly opening = new Map<string, Promise<ConsoleHub>>();

  constructor(
    private readonly transport: HostTransport,
    private readonly virshUri: string,
  ) {}

  async attach(
    vmId: string,
    client: ConsoleClient,
    cols: number,
    rows: number,
  ): Promise<ConsoleAttachment> {
    const hub = await this.hubFor(vmId, cols, rows);
    const attachment = hub.attach(client);
    attachment.resize(cols, rows);
    return attachment;
  }

  /** The VM stopped (or went away): its console ends. */
  vmStopped(vmId: string): void {
    this.hubs.get(vmId)?.close(VM_STOPPED);
    this.hubs.delete(vmId);
  }

  closeAll(reason: string): void {
    for (const hub of this.hubs.values()) hub.close(reason);
    this.hubs.clear();
  }

  private hubFor(vmId: string, cols: number, rows: number): Promise<ConsoleHub> {
    const hub = this.hubs.get(vmId);
    if (hub && !hub.closed) return Promise.resolve(hub);
    const pending = this.opening.get(vmId);
    if (pending) return pending;
    const opened = this.transport
      .exec(virshArgv(this.virshUri, 'console', '--domain', vmId, '--force'), {
        terminal: { cols, rows },
      })
      .then((channel) => {
        const created = new ConsoleHub(channelSource(channel));
        this.hubs.set(vmId, created);
        return created;
      })
      .finally(() => this.opening.delete(vmId));
    this.opening.set(vmId, opened);
    return opened;
  }
}

// noVNC's RFB takes a WebSocket or any object shaped like one (its Websock.attach checks the
// members). This is that shape over virtdesk's own display stream (api/, the serial console's
// kind of stream): no socket to any VNC port is ever opened by the page. Every message handed to
// noVNC is acknowledged once it has been processed (noVNC parses synchronously in onmessage), so
// main's flow control sees how far the page has got.
import type { ConsoleConnection } from '../api';

type State = 'connecting' | 'open' | 'closing' | 'closed';

export class ByteChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  readyState: State = 'connecting';
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  /** Why the stream closed, as main said it. */
  closeReason: string | null = null;

  constructor(private readonly conn: ConsoleConnection) {
    conn.onState((state, reason) => {
      if (state === 'open') {
        this.readyState = 'open';
        this.onopen?.(new Event('open'));
      } else if (state === 'closed') this.ended(reason ?? 'closed');
    });
    conn.onData((bytes) => {
      // A copy of exactly these bytes: noVNC keeps views of what it is given.
      const data = bytes.slice().buffer;
      this.onmessage?.(new MessageEvent('message', { data }));
      conn.ack(bytes.byteLength);
    });
  }

  send(data: ArrayBuffer | Uint8Array): void {
    if (this.readyState !== 'open') return;
    this.conn.write(data instanceof Uint8Array ? data : new Uint8Array(data));
  }

  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closing';
    this.conn.close();
    this.ended('closed');
  }

  private ended(reason: string): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.closeReason ??= reason;
    this.onclose?.(new CloseEvent('close', { code: 1000, reason, wasClean: true }));
  }
}

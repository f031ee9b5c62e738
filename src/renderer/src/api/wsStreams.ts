// Console streams multiplexed on the browser-mode api WebSocket (the wire format is in
// src/shared/console.ts): a JSON text frame opens a stream under a fresh id and carries its
// control messages; binary frames are the stream id in 4 bytes, then the bytes.
import type {
  ConsoleClientControl,
  ConsoleOpenParams,
  StreamKind,
  WsStreamClientMessage,
} from '../../../shared/console';
import type { DisplayOpenParams } from '../../../shared/display';
import { frameWithSid, splitSidFrame } from '../../../shared/console';
import type { WireError } from '../../../shared/errors';
import type { ConsoleConnection } from './consoleConnection';
import { ConsoleEvents, LINK_LOST, closedConsole } from './consoleConnection';

/** What the mux needs from the socket under it. */
export interface StreamSocket {
  /** Sends a text frame, or queues it while the socket is connecting; false once it is closed. */
  sendText(text: string): boolean;
  /** Sends a binary frame if the socket is open. */
  sendBinary(frame: Uint8Array): void;
}

const MAX_SID = 0xffffffff;

export class WsStreamMux {
  private nextSid = 1;
  private readonly streams = new Map<number, ConsoleEvents>();

  constructor(private readonly socket: StreamSocket) {}

  open(
    params: ConsoleOpenParams | DisplayOpenParams,
    kind: StreamKind = 'console',
  ): ConsoleConnection {
    const sid = this.nextSid;
    this.nextSid = sid >= MAX_SID ? 1 : sid + 1;
    const send = (stream: WsStreamClientMessage['stream']): boolean =>
      this.socket.sendText(JSON.stringify({ stream } satisfies WsStreamClientMessage));
    const open: WsStreamClientMessage['stream'] =
      kind === 'display' ? { sid, t: 'open', params, kind } : { sid, t: 'open', params };
    if (!send(open)) return closedConsole(LINK_LOST);
    const events = new ConsoleEvents();
    this.streams.set(sid, events);
    const control = (c: ConsoleClientControl): void => {
      if (events.state !== 'closed') send({ sid, ...c });
    };
    return {
      onData: (listener) => events.onData(listener),
      onState: (listener) => events.onState(listener),
      // Main drops input that arrives before 'opened'; the session holds it until then.
      write: (bytes) => {
        if (events.state === 'open' && bytes.byteLength > 0) {
          this.socket.sendBinary(frameWithSid(sid, bytes));
        }
      },
      resize: (cols, rows) => control({ t: 'resize', cols, rows }),
      ack: (bytes) => {
        if (bytes > 0) control({ t: 'ack', bytes });
      },
      close: () => {
        if (this.streams.get(sid) !== events) return;
        control({ t: 'close' });
        this.streams.delete(sid);
        events.closed('closed');
      },
    };
  }

  /** A binary frame off the socket: output for one stream. */
  binary(frame: Uint8Array): void {
    const split = splitSidFrame(frame);
    if (split) this.streams.get(split.sid)?.emitData(split.bytes);
  }

  /** A `{ stream: … }` text frame off the socket. */
  control(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { sid?: unknown; t?: unknown; reason?: unknown; error?: unknown };
    const events = typeof m.sid === 'number' ? this.streams.get(m.sid) : undefined;
    if (!events) return;
    if (m.t === 'opened') events.opened();
    else if (m.t === 'error') events.error(m.error as WireError | undefined);
    else if (m.t === 'closed') {
      this.streams.delete(m.sid as number);
      events.closed(typeof m.reason === 'string' ? m.reason : 'closed');
    }
  }

  /** The socket went away: every stream on it has ended (main dropped them too). */
  dropAll(reason = LINK_LOST): void {
    const all = [...this.streams.values()];
    this.streams.clear();
    for (const events of all) events.closed(reason);
  }
}

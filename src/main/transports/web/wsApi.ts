// One WebSocket connection carrying the api: JSON text frames for requests, responses, events and
// console control; binary frames (stream id + bytes) for console data.
import type { RawData, WebSocket } from 'ws';
import type { WireEvent } from '../../../shared/api';
import type { WsStreamServerMessage } from '../../../shared/console';
import { MAX_STREAMS_PER_SOCKET, frameWithSid, splitSidFrame } from '../../../shared/console';
import type { ApiHost } from '../apiHost';
import type { ConsoleStream } from '../consoleStream';
import { openConsoleStream, openDisplayStream } from '../consoleStream';
import { handleRequest } from '../envelope';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export function serveApiSocket(socket: WebSocket, host: ApiHost): void {
  const streams = new Map<number, ConsoleStream>();
  const send = (data: string | Uint8Array): void => {
    if (socket.readyState === socket.OPEN) socket.send(data);
  };
  const unsubscribe = host.onEvent((event) => {
    const msg: WireEvent = { event };
    send(JSON.stringify(msg));
  });
  const cleanup = (): void => {
    unsubscribe();
    for (const s of streams.values()) s.dispose();
    streams.clear();
  };
  socket.on('close', cleanup);
  socket.on('error', cleanup);

  const streamControl = (msg: Record<string, unknown>): void => {
    const sid = msg.sid;
    if (typeof sid !== 'number' || !Number.isInteger(sid) || sid < 0 || sid > 0xffffffff) {
      socket.close(1007, 'malformed stream message');
      return;
    }
    const reply = (control: WsStreamServerMessage['stream']): void =>
      send(JSON.stringify({ stream: control }));
    if (msg.t === 'open') {
      if (streams.has(sid) || streams.size >= MAX_STREAMS_PER_SOCKET) {
        reply({
          sid,
          t: 'error',
          error: { code: 'CONFLICT', message: 'Too many consoles or a reused stream id' },
        });
        return;
      }
      const openStream = msg.kind === 'display' ? openDisplayStream : openConsoleStream;
      const stream = openStream(host, msg.params, {
        data: (bytes) => send(frameWithSid(sid, bytes)),
        control: (c) => {
          if (c.t === 'closed') streams.delete(sid);
          reply({ sid, ...c });
        },
      });
      streams.set(sid, stream);
      return;
    }
    streams.get(sid)?.control(msg);
  };

  socket.on('message', (data: RawData, isBinary) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      const frame = splitSidFrame(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      if (frame) streams.get(frame.sid)?.input(frame.bytes);
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(buf.toString('utf8'));
    } catch {
      socket.close(1007, 'malformed JSON');
      return;
    }
    if (typeof msg !== 'object' || msg === null) {
      socket.close(1007, 'malformed request');
      return;
    }
    const stream = (msg as { stream?: unknown }).stream;
    if (typeof stream === 'object' && stream !== null) {
      streamControl(stream as Record<string, unknown>);
      return;
    }
    if (typeof (msg as { id?: unknown }).id !== 'number') {
      socket.close(1007, 'malformed request');
      return;
    }
    const { id, method, params } = msg as { id: number; method?: unknown; params?: unknown };
    void handleRequest(host, id, method, params).then((response) => send(JSON.stringify(response)));
  });
}

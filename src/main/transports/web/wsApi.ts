// One WebSocket connection carrying the api: JSON text frames for requests, responses and
// events. Binary frames are reserved for console streams.
import type { WebSocket } from 'ws';
import type { WireEvent } from '../../../shared/api';
import type { ApiHost } from '../apiHost';
import { handleRequest } from '../envelope';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export function serveApiSocket(socket: WebSocket, host: ApiHost): void {
  const unsubscribe = host.onEvent((event) => {
    const msg: WireEvent = { event };
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  });
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      socket.close(1007, 'malformed JSON');
      return;
    }
    if (
      typeof msg !== 'object' ||
      msg === null ||
      typeof (msg as { id?: unknown }).id !== 'number'
    ) {
      socket.close(1007, 'malformed request');
      return;
    }
    const { id, method, params } = msg as { id: number; method?: unknown; params?: unknown };
    void handleRequest(host, id, method, params).then((response) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(response));
    });
  });
}

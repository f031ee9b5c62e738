// The api over browser mode's WebSocket, from Node: the frames the page's WsTransport sends
// (src/renderer/src/api/wsTransport.ts), for tests that drive the real server without a browser.
// A socket that closes rejects what is pending with DISCONNECTED, as the page does.
import WebSocket from 'ws';
import type { ApiEvent, ApiMethod, Params, Result, WireResponse } from '../../src/shared/api';
import { VirtdeskError } from '../../src/shared/errors';
import type { RunningWeb } from './webServer';

export interface WsApiClient {
  call<M extends ApiMethod>(method: M, params: Params<M>): Promise<Result<M>>;
  events: ApiEvent[];
  close(): void;
}

export async function connectApi(web: RunningWeb): Promise<WsApiClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api?token=${web.token}`, {
    headers: { Cookie: `virtdesk_token_${web.port}=${web.token}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  const events: ApiEvent[] = [];
  let nextId = 1;
  let closed = false;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const msg = JSON.parse(data.toString()) as WireResponse | { event: ApiEvent };
    if ('event' in msg) {
      events.push(msg.event);
      return;
    }
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.ok) p?.resolve(msg.result);
    else p?.reject(VirtdeskError.fromWire(msg.error));
  });
  const dropAll = (): void => {
    closed = true;
    for (const p of pending.values())
      p.reject(new VirtdeskError('DISCONNECTED', 'Disconnected from virtdesk.'));
    pending.clear();
  };
  ws.on('close', dropAll);
  ws.on('error', dropAll);
  return {
    events,
    call: <M extends ApiMethod>(method: M, params: Params<M>) =>
      new Promise<Result<M>>((resolve, reject) => {
        if (closed) return reject(new VirtdeskError('DISCONNECTED', 'Disconnected from virtdesk.'));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

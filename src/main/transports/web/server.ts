// Browser mode: HTTP serves the built renderer, a WebSocket at /api carries the api. Binds
// loopback only; every request passes checkAccess first.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiHost } from '../apiHost';
import { checkAccess, cookieName } from './access';
import { ownHost, securityHeaders } from './headers';
import { loadStatic } from './staticFiles';
import { MAX_MESSAGE_BYTES, serveApiSocket } from './wsApi';

export const DEFAULT_PORT = 47800;

export interface WebServerOptions {
  host: ApiHost;
  rendererDir: string;
  port: number;
  /** Fixed for tests; random per launch otherwise. */
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = opts.port;
  const policy = { token, port: () => port };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const server = createServer((req, res) => {
    void serveHttp(req, res).catch(() => send(res, 500, 'Internal error'));
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = checkAccess(req, policy);
    if (!verdict.ok) return send(res, 403, `Forbidden: ${verdict.reason}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    const file = await loadStatic(opts.rendererDir, pathname);
    if (!file) return send(res, 404, 'Not found');
    const headers: Record<string, string> = {
      ...securityHeaders(ownHost(req.headers.host, port)),
      'Content-Type': file.type,
      'Cache-Control': file.isIndex ? 'no-store' : 'private, max-age=3600',
    };
    if (verdict.viaQuery) {
      headers['Set-Cookie'] = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (req: IncomingMessage, sock: Duplex, head: Buffer) => {
    const verdict = checkAccess(req, policy);
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (!verdict.ok || pathname !== '/api') {
      sock.end(
        `HTTP/1.1 ${verdict.ok ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, sock, head, (ws) => serveApiSocket(ws, opts.host));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  // Error pages run no script, so they get no connect-src at all.
  res.writeHead(status, { ...securityHeaders(null), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

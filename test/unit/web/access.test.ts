import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '../../../src/shared/api';
import { VirtdeskError } from '../../../src/shared/errors';
import type { ApiHost } from '../../../src/main/transports/apiHost';
import type { WebServer } from '../../../src/main/transports/web/server';
import { startWebServer } from '../../../src/main/transports/web/server';
import { contentSecurityPolicy, ownHost } from '../../../src/main/transports/web/headers';

// A stand-in api host: the point here is the transport's gatekeeping, not the service.
const listeners = new Set<(e: ApiEvent) => void>();
const calls: { method: unknown; params: unknown }[] = [];
const host: ApiHost = {
  dispatch: async (method, params) => {
    calls.push({ method, params });
    if (method === 'hostList') return [{ id: 'sim1' }];
    throw new VirtdeskError('INVALID_INPUT', `Unknown method ${String(method)}`);
  },
  onEvent: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  openConsole: () => Promise.reject(new VirtdeskError('NOT_FOUND', 'no consoles here')),
  openDisplay: () => Promise.reject(new VirtdeskError('NOT_FOUND', 'no displays here')),
};

let dir: string;
let server: WebServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vd-web-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>virtdesk</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  server = await startWebServer({ host, rendererDir: root, port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function openWs(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('browser mode access', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the page with the token and sets a same-site cookie', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>virtdesk</title>');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('refuses a request without the token (403)', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
  });

  it('refuses a wrong token (403)', async () => {
    expect(
      (await get(`/?token=${server.token.slice(0, -1)}${server.token.endsWith('x') ? 'y' : 'x'}`))
        .status,
    ).toBe(403);
  });

  it('accepts the cookie set by the first load for assets', async () => {
    const res = await get('/assets/app.js', {
      cookie: `virtdesk_token_${server.port}=${server.token}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
  });

  it("binds the cookie to this server's port: another port's cookie of the same token is refused", async () => {
    const res = await get(`/?token=${server.token}`);
    expect(String(res.headers['set-cookie'])).toMatch(
      new RegExp(`^virtdesk_token_${server.port}=${server.token};`),
    );
    const other = server.port === 65535 ? server.port - 1 : server.port + 1;
    const foreign = await get('/assets/app.js', {
      cookie: `virtdesk_token_${other}=${server.token}; virtdesk_token=${server.token}`,
    });
    expect(foreign.status).toBe(403);
  });

  it("allows connections only to this server's own WebSocket origin (CSP)", async () => {
    const res = await get(`/?token=${server.token}`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port};`);
    expect(csp).not.toMatch(/\bwss?:(?!\/\/)/);
    const viaLocalhost = await get(`/?token=${server.token}`, {
      host: `localhost:${server.port}`,
    });
    expect(String(viaLocalhost.headers['content-security-policy'])).toContain(
      `connect-src 'self' ws://localhost:${server.port};`,
    );
    const refused = await get('/');
    expect(String(refused.headers['content-security-policy'])).toContain("connect-src 'none';");
  });

  it('refuses a foreign Origin even with the token (403)', async () => {
    const res = await get(`/?token=${server.token}`, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses a Host other than 127.0.0.1/localhost (DNS rebinding) (403)', async () => {
    expect(
      (await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status,
    ).toBe(403);
    expect(
      (await get(`/?token=${server.token}`, { host: `127.0.0.1:${server.port + 1}` })).status,
    ).toBe(403);
    expect(
      (await get(`/?token=${server.token}`, { host: `localhost:${server.port}` })).status,
    ).toBe(200);
  });

  it('never serves files outside the renderer build', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
    ]) {
      const res = await get(`${path}?token=${server.token}`);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('refuses WebSocket upgrades without the token, or from a foreign origin', async () => {
    await expect(openWs('/api')).rejects.toThrow('HTTP 403');
    await expect(
      openWs(`/api?token=${server.token}`, { origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    await expect(
      openWs(`/api?token=${server.token}`, { host: `evil.example:${server.port}` }),
    ).rejects.toThrow('HTTP 403');
  });

  it('carries requests, typed errors and events over an authorised socket', async () => {
    const ws = await openWs(`/api?token=${server.token}`, {
      origin: `http://127.0.0.1:${server.port}`,
    });
    const messages: unknown[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 1, method: 'hostList', params: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'rm -rf /', params: {} }));
    await expect.poll(() => messages.length).toBe(2);
    expect(messages).toContainEqual({ id: 1, ok: true, result: [{ id: 'sim1' }] });
    expect(messages).toContainEqual({
      id: 2,
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Unknown method rm -rf /' },
    });
    for (const l of listeners) l({ type: 'vm-removed', hostId: 'sim1', vmId: 'x' });
    await expect.poll(() => messages.length).toBe(3);
    expect(messages[2]).toEqual({ event: { type: 'vm-removed', hostId: 'sim1', vmId: 'x' } });
    ws.close();
  });

  it('closes a socket that sends malformed JSON', async () => {
    const ws = await openWs(`/api?token=${server.token}`);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
  });
});

describe('contentSecurityPolicy', () => {
  it('names the exact origin, port included, and no scheme wildcard', () => {
    expect(contentSecurityPolicy('127.0.0.1:47800')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self' ws://127.0.0.1:47800; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('accepts only a Host header naming this server', () => {
    expect(ownHost('127.0.0.1:47800', 47800)).toBe('127.0.0.1:47800');
    expect(ownHost('localhost:47800', 47800)).toBe('localhost:47800');
    expect(ownHost('127.0.0.1:47801', 47800)).toBeNull();
    expect(ownHost('evil.example:47800', 47800)).toBeNull();
    expect(ownHost('127.0.0.1:47800 ws://evil', 47800)).toBeNull();
    expect(ownHost(undefined, 47800)).toBeNull();
  });
});

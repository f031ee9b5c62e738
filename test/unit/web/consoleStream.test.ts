// Console streams over the browser-mode WebSocket: binary frames with a stream id, JSON control.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { frameWithSid, splitSidFrame } from '../../../src/shared/console';
import { VirtdeskError } from '../../../src/shared/errors';
import type { ConsoleClient } from '../../../src/main/console';
import type { ApiHost } from '../../../src/main/transports/apiHost';
import type { WebServer } from '../../../src/main/transports/web/server';
import { startWebServer } from '../../../src/main/transports/web/server';

const log: string[] = [];
let client: ConsoleClient | null = null;
const host: ApiHost = {
  dispatch: async () => null,
  onEvent: () => () => undefined,
  openConsole: async (params, c) => {
    const p = params as { vmId?: string };
    if (p.vmId !== 'vm1' && p.vmId !== 'replay') throw new VirtdeskError('NOT_FOUND', 'No VM vm2');
    client = c;
    // A hub replays its ring during attach, before the attachment exists.
    if (p.vmId === 'replay') c.send(new TextEncoder().encode('earlier output'));
    return {
      input: (b) => log.push(`input:${Buffer.from(b).toString()}`),
      resize: (cols, rows) => log.push(`resize:${cols}x${rows}`),
      ack: (n) => log.push(`ack:${n}`),
      detach: () => log.push('detach'),
    };
  },
  openDisplay: async (params, c) => {
    log.push(`display:${(params as { vmId?: string }).vmId}`);
    client = c;
    c.send(new TextEncoder().encode('RFB 003.008\n'));
    return {
      input: (b) => log.push(`display-input:${Buffer.from(b).toString()}`),
      resize: () => log.push('display-resize'),
      ack: (n) => log.push(`display-ack:${n}`),
      detach: () => log.push('display-detach'),
    };
  },
};

let dir: string;
let server: WebServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vd-ws-console-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  server = await startWebServer({ host, rendererDir: dir, port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(): Promise<{
  ws: WebSocket;
  text: unknown[];
  binary: { sid: number; data: string }[];
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  const text: unknown[] = [];
  const binary: { sid: number; data: string }[] = [];
  ws.on('message', (d, isBinary) => {
    const buf = d as Buffer;
    if (isBinary) {
      const f = splitSidFrame(new Uint8Array(buf))!;
      binary.push({ sid: f.sid, data: Buffer.from(f.bytes).toString() });
    } else text.push(JSON.parse(buf.toString()));
  });
  await new Promise((r) => ws.once('open', r));
  return { ws, text, binary };
}

const params = { hostId: 'sim1', vmId: 'vm1', cols: 80, rows: 24 };

describe('console streams over the WebSocket', () => {
  it('opens, carries bytes both ways as binary frames, forwards resize and acks, and closes', async () => {
    log.length = 0;
    const { ws, text, binary } = await connect();
    ws.send(JSON.stringify({ stream: { sid: 7, t: 'open', params } }));
    await expect.poll(() => text).toContainEqual({ stream: { sid: 7, t: 'opened' } });

    client!.send(new TextEncoder().encode('login: '));
    await expect.poll(() => binary).toEqual([{ sid: 7, data: 'login: ' }]);

    ws.send(frameWithSid(7, new TextEncoder().encode('root\r')));
    ws.send(JSON.stringify({ stream: { sid: 7, t: 'resize', cols: 120, rows: 40 } }));
    ws.send(JSON.stringify({ stream: { sid: 7, t: 'ack', bytes: 7 } }));
    await expect.poll(() => log).toEqual(['input:root\r', 'resize:120x40', 'ack:7']);

    ws.send(JSON.stringify({ stream: { sid: 7, t: 'ack', bytes: -5 } }));
    await expect
      .poll(() => text)
      .toContainEqual({
        stream: {
          sid: 7,
          t: 'error',
          error: { code: 'INVALID_INPUT', message: 'Malformed console control message' },
        },
      });

    ws.send(JSON.stringify({ stream: { sid: 7, t: 'close' } }));
    await expect
      .poll(() => text)
      .toContainEqual({ stream: { sid: 7, t: 'closed', reason: 'closed by the user' } });
    expect(log).toContain('detach');
    ws.close();
  });

  it('opens a display stream for kind display: RFB bytes both ways, acks, close', async () => {
    log.length = 0;
    const { ws, text, binary } = await connect();
    const display = { hostId: 'sim1', vmId: 'vm1' };
    ws.send(JSON.stringify({ stream: { sid: 3, t: 'open', params: display, kind: 'display' } }));
    await expect.poll(() => text).toContainEqual({ stream: { sid: 3, t: 'opened' } });
    await expect.poll(() => binary).toEqual([{ sid: 3, data: 'RFB 003.008\n' }]);
    ws.send(frameWithSid(3, new TextEncoder().encode('RFB 003.008\n')));
    ws.send(JSON.stringify({ stream: { sid: 3, t: 'ack', bytes: 12 } }));
    await expect
      .poll(() => log)
      .toEqual(['display:vm1', 'display-input:RFB 003.008\n', 'display-ack:12']);
    ws.send(JSON.stringify({ stream: { sid: 3, t: 'close' } }));
    await expect.poll(() => log).toContain('display-detach');
    ws.close();
  });

  it('reports a typed error and closes the stream for an unknown VM', async () => {
    const { ws, text } = await connect();
    ws.send(JSON.stringify({ stream: { sid: 1, t: 'open', params: { ...params, vmId: 'vm2' } } }));
    await expect
      .poll(() => text)
      .toContainEqual({
        stream: { sid: 1, t: 'error', error: { code: 'NOT_FOUND', message: 'No VM vm2' } },
      });
    await expect
      .poll(() => text)
      .toContainEqual({ stream: { sid: 1, t: 'closed', reason: 'could not open the console' } });
    ws.close();
  });

  it('tells the page when the VM side ends the console, and detaches when the socket drops', async () => {
    log.length = 0;
    const { ws, text } = await connect();
    ws.send(JSON.stringify({ stream: { sid: 2, t: 'open', params } }));
    await expect.poll(() => text).toContainEqual({ stream: { sid: 2, t: 'opened' } });
    client!.closed('VM stopped');
    await expect
      .poll(() => text)
      .toContainEqual({ stream: { sid: 2, t: 'closed', reason: 'VM stopped' } });

    ws.send(JSON.stringify({ stream: { sid: 3, t: 'open', params } }));
    await expect.poll(() => text).toContainEqual({ stream: { sid: 3, t: 'opened' } });
    ws.close();
    await expect.poll(() => log).toContain('detach');
  });

  it("sends 'opened' before the replayed output", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
    const order: string[] = [];
    ws.on('message', (d, isBinary) => {
      const buf = d as Buffer;
      order.push(
        isBinary
          ? `data:${Buffer.from(splitSidFrame(new Uint8Array(buf))!.bytes).toString()}`
          : JSON.parse(buf.toString()).stream.t,
      );
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({ stream: { sid: 9, t: 'open', params: { ...params, vmId: 'replay' } } }),
    );
    await expect.poll(() => order).toEqual(['opened', 'data:earlier output']);
    ws.close();
  });

  it('refuses a reused stream id', async () => {
    const { ws, text } = await connect();
    ws.send(JSON.stringify({ stream: { sid: 4, t: 'open', params } }));
    ws.send(JSON.stringify({ stream: { sid: 4, t: 'open', params } }));
    await expect.poll(() => JSON.stringify(text)).toContain('"code":"CONFLICT"');
    ws.close();
  });
});

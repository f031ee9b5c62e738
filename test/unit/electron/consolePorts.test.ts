// Console ports in the Electron shell, against a mocked electron module: only the app page may
// open one, bytes travel as Uint8Array on the port, and a closed port detaches the console.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => ({ listeners: new Map<string, (...args: unknown[]) => void>() }));
vi.mock('electron', () => ({
  ipcMain: {
    on: (channel: string, fn: (...args: unknown[]) => void) => m.listeners.set(channel, fn),
    removeAllListeners: (channel: string) => m.listeners.delete(channel),
  },
}));

import { IPC_CONSOLE } from '../../../src/shared/ipcChannels';
import type { ConsoleClient } from '../../../src/main/console';
import type { ApiHost } from '../../../src/main/transports/apiHost';
import { appUrlMatcher } from '../../../src/main/transports/electron/appUrl';
import { registerConsolePorts } from '../../../src/main/transports/electron/consolePorts';

class FakePort extends EventEmitter {
  sent: unknown[] = [];
  closed = false;
  postMessage(msg: unknown): void {
    this.sent.push(msg);
  }
  start(): void {}
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

const INDEX = '/opt/virtdesk/out/renderer/index.html';
const trusted = { id: 3 };
const log: string[] = [];
let client: ConsoleClient | null = null;
const host: ApiHost = {
  dispatch: async () => null,
  onEvent: () => () => undefined,
  openConsole: async (_p, c) => {
    client = c;
    return {
      input: (b) => log.push(`input:${Buffer.from(b).toString()}`),
      resize: (c2, r) => log.push(`resize:${c2}x${r}`),
      ack: (n) => log.push(`ack:${n}`),
      detach: () => log.push('detach'),
    };
  },
  openDisplay: () => Promise.reject(new Error('not in this test')),
};
registerConsolePorts({
  host,
  isAppUrl: appUrlMatcher(INDEX),
  trustedContents: () => [trusted as never],
});

function open(sender: { id: number }, url: string): FakePort {
  const port = new FakePort();
  m.listeners.get(IPC_CONSOLE)!(
    { sender, senderFrame: { url }, ports: [port] },
    { hostId: 'sim1', vmId: 'v', cols: 80, rows: 24 },
  );
  return port;
}

describe('console ports', () => {
  it('refuses a port from a page that is not the app', () => {
    const port = open({ id: 99 }, `file://${INDEX}`);
    expect(port.sent).toEqual([
      {
        t: 'error',
        error: { code: 'FORBIDDEN', message: 'Console request from an untrusted page' },
      },
    ]);
    expect(port.closed).toBe(true);
  });

  it('carries bytes as Uint8Array both ways and detaches when the port closes', async () => {
    const port = open(trusted, `file://${INDEX}`);
    await expect.poll(() => port.sent).toContainEqual({ t: 'opened' });
    client!.send(new Uint8Array([104, 105]));
    expect(port.sent).toContainEqual({ t: 'data', bytes: new Uint8Array([104, 105]) });
    port.emit('message', { data: { t: 'input', bytes: new TextEncoder().encode('ls\r') } });
    port.emit('message', { data: { t: 'resize', cols: 100, rows: 30 } });
    port.emit('message', { data: { t: 'ack', bytes: 2 } });
    port.emit('message', { data: { t: 'input', bytes: 'not bytes' } });
    expect(log).toEqual(['input:ls\r', 'resize:100x30', 'ack:2']);
    expect(port.sent.at(-1)).toMatchObject({ t: 'error', error: { code: 'INVALID_INPUT' } });
    port.close();
    expect(log.at(-1)).toBe('detach');
  });
});

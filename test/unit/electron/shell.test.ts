// The Electron shell against a mocked `electron` module: the binary cannot run here, so these
// check what we hand to Electron (window options, handlers, the preload surface).
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => ({
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(),
  rendererOn: vi.fn(),
  windows: [] as unknown[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = (): unknown[] => m.windows;
    options: unknown;
    loadURL = vi.fn(async () => undefined);
    once = vi.fn();
    constructor(options: unknown) {
      this.options = options;
      m.windows.push(this);
    }
  }
  return {
    BrowserWindow,
    session: {
      defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
    },
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => m.handlers.set(channel, fn),
      removeHandler: (channel: string) => m.handlers.delete(channel),
    },
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => m.exposed.set(key, value),
    },
    ipcRenderer: { invoke: m.invoke, on: m.rendererOn, removeListener: vi.fn() },
  };
});

import { API_METHODS } from '../../../src/shared/api';
import { IPC_CALL } from '../../../src/shared/ipcChannels';
import type { ApiHost } from '../../../src/main/transports/apiHost';
import { appUrlMatcher } from '../../../src/main/transports/electron/appUrl';
import { registerIpc } from '../../../src/main/transports/electron/ipc';
import {
  createMainWindow,
  denyPermissionsButFullscreen,
  lockDownContents,
  windowOptions,
} from '../../../src/main/transports/electron/window';

const INDEX = '/opt/virtdesk/out/renderer/index.html';
const isAppUrl = appUrlMatcher(INDEX);

describe('main window', () => {
  it('is isolated, sandboxed and has no Node', () => {
    const prefs = windowOptions('/p/preload.js').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/p/preload.js');
  });

  it('creates the window with those options and loads the app', () => {
    const win = createMainWindow(
      '/p/preload.js',
      'file:///opt/virtdesk/out/renderer/index.html',
    ) as unknown as {
      options: { webPreferences: { sandbox: boolean } };
      loadURL: ReturnType<typeof vi.fn>;
    };
    expect(win.options.webPreferences.sandbox).toBe(true);
    expect(win.loadURL).toHaveBeenCalledWith('file:///opt/virtdesk/out/renderer/index.html');
  });
});

describe('permissions', () => {
  it('refuses every permission but full screen (the Display tab asks for it)', async () => {
    const { session } = await import('electron');
    denyPermissionsButFullscreen();
    const onRequest = vi.mocked(session.defaultSession.setPermissionRequestHandler).mock
      .calls[0]![0]!;
    const onCheck = vi.mocked(session.defaultSession.setPermissionCheckHandler).mock.calls[0]![0]!;
    const asked = (permission: string): boolean | undefined => {
      let answer: boolean | undefined;
      onRequest({} as never, permission as never, (ok: boolean) => (answer = ok), {} as never);
      return answer;
    };
    expect(asked('fullscreen')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      expect(asked(p)).toBe(false);
    expect(onCheck(null, 'fullscreen', '', {} as never)).toBe(true);
    expect(onCheck(null, 'media', '', {} as never)).toBe(false);
  });
});

describe('navigation and new windows', () => {
  function fakeContents(): EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn> } {
    return Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
  }

  it('blocks navigation away from the app and allows the app itself', () => {
    const contents = fakeContents();
    lockDownContents(contents as never, isAppUrl);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'file:///opt/virtdesk/out/renderer/other.html',
    ]) {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const ok = { preventDefault: vi.fn() };
    contents.emit('will-navigate', ok, 'file:///opt/virtdesk/out/renderer/index.html?x=1');
    expect(ok.preventDefault).not.toHaveBeenCalled();
  });

  it("allows only the app's own console and display windows, with the same locked-down options", () => {
    const contents = fakeContents();
    lockDownContents(contents as never, isAppUrl, '/p/preload.js');
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => {
      action: string;
      overrideBrowserWindowOptions?: { webPreferences: Record<string, unknown> };
    };
    const ok = handler({ url: `file://${INDEX}?console=sim1/0b7c-uuid` });
    expect(ok.action).toBe('allow');
    expect(ok.overrideBrowserWindowOptions!.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: '/p/preload.js',
    });
    expect(handler({ url: `file://${INDEX}?display=sim1/0b7c-uuid` }).action).toBe('allow');
    for (const url of [
      'https://evil.example/?console=sim1/x',
      `file://${INDEX}?display=sim1/x&console=sim1/x`,
      `file://${INDEX}?display=../../etc`,
      `file://${INDEX}`,
      `file://${INDEX}?console=sim1/x&other=1`,
      `file://${INDEX}?console=../../etc`,
      'file:///etc/passwd?console=a/b',
    ]) {
      expect(handler({ url }).action, url).toBe('deny');
    }
  });

  it('denies window.open and webviews', () => {
    const contents = fakeContents();
    lockDownContents(contents as never, isAppUrl);
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: {
      url: string;
    }) => unknown;
    expect(handler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('ipc', () => {
  const dispatch = vi.fn(async (method: unknown) => ({ method }));
  const host: ApiHost = {
    dispatch,
    onEvent: () => () => undefined,
    openConsole: () => Promise.reject(new Error('not in this test')),
    openDisplay: () => Promise.reject(new Error('not in this test')),
  };
  const trusted = { id: 7, isDestroyed: () => false, send: vi.fn() };
  let unregister: () => void;

  beforeEach(() => {
    dispatch.mockClear();
    unregister?.();
    unregister = registerIpc({ host, isAppUrl, trustedContents: () => [trusted as never] });
  });

  const call = (sender: { id: number }, url: string | null, method: string): Promise<unknown> =>
    m.handlers.get(IPC_CALL)!(
      { sender, senderFrame: url === null ? null : { url } },
      method,
      {},
    ) as Promise<unknown>;

  it('answers the app page through the service', async () => {
    expect(await call(trusted, `file://${INDEX}`, 'hostList')).toMatchObject({
      ok: true,
      result: { method: 'hostList' },
    });
    expect(dispatch).toHaveBeenCalledWith('hostList', {});
  });

  it('refuses a sender that is not the app page, without reaching the service', async () => {
    for (const [sender, url] of [
      [{ id: 99 }, `file://${INDEX}`],
      [trusted, 'https://evil.example/'],
      [trusted, null],
    ] as const) {
      expect(await call(sender, url, 'hostList')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });
});

describe('preload surface', () => {
  it('exposes only the api bridge: the method list, call, onEvent, openConsole and openDisplay', async () => {
    await import('../../../src/preload/index');
    expect([...m.exposed.keys()]).toEqual(['virtdesk']);
    const bridge = m.exposed.get('virtdesk') as Record<PropertyKey, unknown>;
    // Every own key, enumerable or not, symbols included, with its type: an extra key (an
    // ipcRenderer, a require, a process) shows up here whatever its value is.
    const shape = Object.fromEntries(Reflect.ownKeys(bridge).map((k) => [k, typeof bridge[k]]));
    expect(shape).toEqual({
      call: 'function',
      methods: 'object',
      onEvent: 'function',
      openConsole: 'function',
      openDisplay: 'function',
    });
    expect(Object.getPrototypeOf(bridge)).toBe(Object.prototype);
    expect(bridge.methods).toEqual([...API_METHODS]);
  });

  it('forwards known methods and refuses anything else before it reaches ipc', async () => {
    const bridge = m.exposed.get('virtdesk') as {
      call: (m: string, p: unknown) => Promise<unknown>;
    };
    m.invoke.mockResolvedValueOnce({ id: 1, ok: true, result: [] });
    await bridge.call('hostList', {});
    expect(m.invoke).toHaveBeenCalledWith(IPC_CALL, 'hostList', {});
    m.invoke.mockClear();
    await expect(bridge.call('openExternal', {})).rejects.toThrow(/Unknown method/);
    expect(m.invoke).not.toHaveBeenCalled();
  });
});

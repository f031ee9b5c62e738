// The only bridge between page and main: one function per api method and an event subscription.
// No ipcRenderer, no Node, nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiEvent, WireResponse } from '../shared/api';
import { API_METHODS } from '../shared/api';
import {
  CONSOLE_PORT_MESSAGE,
  IPC_CALL,
  IPC_CONSOLE,
  IPC_DISPLAY,
  IPC_EVENT,
} from '../shared/ipcChannels';
import type { VirtdeskBridge } from './bridge';

export function buildBridge(): VirtdeskBridge {
  const methods = new Set<string>(API_METHODS);
  return {
    methods: [...API_METHODS],
    call: (method, params) => {
      // Refuse here too so a page cannot use the bridge as a generic ipc pipe.
      if (!methods.has(method))
        return Promise.reject(new Error(`Unknown method ${String(method)}`));
      return ipcRenderer.invoke(IPC_CALL, method, params) as Promise<WireResponse>;
    },
    onEvent: (listener) => {
      const handler = (_e: unknown, event: ApiEvent): void => listener(event);
      ipcRenderer.on(IPC_EVENT, handler);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT, handler);
      };
    },
    openConsole: (params, requestId) => openPort(IPC_CONSOLE, params, requestId),
    openDisplay: (params, requestId) => openPort(IPC_DISPLAY, params, requestId),
  };
}

function openPort(channel: string, params: unknown, requestId: string): void {
  // Ports cannot cross contextBridge; the page gets its end by window.postMessage, the way
  // Electron's MessagePort guide does it.
  const { port1, port2 } = new MessageChannel();
  ipcRenderer.postMessage(channel, params, [port1 as never]);
  pageWindow().postMessage({ type: CONSOLE_PORT_MESSAGE, requestId: String(requestId) }, '*', [
    port2,
  ]);
}

function pageWindow(): { postMessage(msg: unknown, target: string, transfer: unknown[]): void } {
  return globalThis as unknown as ReturnType<typeof pageWindow>;
}

contextBridge.exposeInMainWorld('virtdesk', buildBridge());

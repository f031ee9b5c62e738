// The only bridge between page and main: one function per api method and an event subscription.
// No ipcRenderer, no Node, nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiEvent, WireResponse } from '../shared/api';
import { API_METHODS } from '../shared/api';
import { IPC_CALL, IPC_EVENT } from '../shared/ipcChannels';
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
  };
}

contextBridge.exposeInMainWorld('virtdesk', buildBridge());

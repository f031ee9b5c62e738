// getApi(): the one VirtdeskApi the renderer talks to. In Electron the preload bridge carries it;
// in a plain browser (browser mode) a WebSocket to /api does. Nothing here touches the store:
// store/sync.ts wires events and link status to store actions.
import type { VirtdeskApi } from '../../../shared/api';
import { createApiClient } from '../../../shared/apiClient';
import { openElectronConsole, openElectronDisplay } from './electronConsole';
import type { ApiConnection, LinkStatus } from './link';
import { WsTransport, browserApiUrl, toError } from './wsTransport';

export type { ApiConnection, LinkState, LinkStatus } from './link';
export type { ConsoleConnection, ConsoleState } from './consoleConnection';

let connection: ApiConnection | null = null;

export function getConnection(): ApiConnection {
  connection ??= window.virtdesk ? electronConnection() : browserConnection();
  return connection;
}

export function getApi(): VirtdeskApi {
  return getConnection().api;
}

function browserConnection(): ApiConnection {
  const transport = new WsTransport(browserApiUrl(window.location));
  return {
    api: createApiClient(transport),
    status: () => transport.status(),
    onStatus: (listener) => transport.onStatus(listener),
    reconnect: () => transport.reconnect(),
    openConsole: (params) => transport.openConsole(params),
    openDisplay: (params) => transport.openDisplay(params),
    canOpenWindows: true,
  };
}

/** Preload's bridge answers with wire envelopes, because contextBridge drops Error fields. */
function electronConnection(): ApiConnection {
  const bridge = window.virtdesk!;
  const status: LinkStatus = { state: 'open', retryAt: null, attempt: 0, generation: 1 };
  const api = createApiClient({
    call: async (method, params) => {
      const response = await bridge.call(method, params);
      if (response.ok) return response.result;
      throw toError(response.error);
    },
    subscribe: (listener) => bridge.onEvent(listener),
  });
  return {
    api,
    status: () => status,
    onStatus: () => () => undefined,
    reconnect: () => undefined,
    openConsole: (params) => openElectronConsole(bridge, params),
    openDisplay: (params) => openElectronDisplay(bridge, params),
    // Main allows exactly this window (index.html?console=HOST/VM) and denies any other.
    canOpenWindows: true,
  };
}

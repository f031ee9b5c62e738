// Builds a VirtdeskApi from a transport's two primitives. Both the Electron bridge and the
// WebSocket client go through here, so the renderer holds the same object either way.
import type { ApiEvent, ApiMethod, Unsubscribe, VirtdeskApi } from './api';
import { API_METHODS } from './api';

export interface ApiTransport {
  call(method: ApiMethod, params: unknown): Promise<unknown>;
  subscribe(listener: (event: ApiEvent) => void): Unsubscribe;
}

export function createApiClient(transport: ApiTransport): VirtdeskApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = (params: unknown) => transport.call(method, params ?? {});
  }
  api.onEvent = (listener: (e: ApiEvent) => void) => transport.subscribe(listener);
  return api as VirtdeskApi;
}

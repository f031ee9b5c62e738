// Runs one request and wraps the outcome as wire data, so errors keep their code across any
// boundary (contextBridge and JSON both drop Error subclasses).
import type { WireResponse } from '../../shared/api';
import { toWireError } from '../../shared/errors';
import type { ApiHost } from './apiHost';

export async function handleRequest(
  host: ApiHost,
  id: number,
  method: unknown,
  params: unknown,
): Promise<WireResponse> {
  try {
    return { id, ok: true, result: await host.dispatch(method, params) };
  } catch (e) {
    return { id, ok: false, error: toWireError(e) };
  }
}

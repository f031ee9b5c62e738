// What a transport needs from main: dispatch a request off the wire and hear events. Transports
// depend on this, not on the service class, so they can be tested with a stand-in.
import type { ApiEvent } from '../../shared/api';

export interface ApiHost {
  dispatch(method: unknown, params: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

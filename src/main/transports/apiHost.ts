// What a transport needs from main: dispatch a request off the wire, hear events, and attach a
// console stream. Transports depend on this, not on the service class, so they can be tested
// with a stand-in.
import type { ApiEvent } from '../../shared/api';
import type { ConsoleAttachment, ConsoleClient } from '../console';

export interface ApiHost {
  dispatch(method: unknown, params: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Validates params (ConsoleOpenParams) and attaches the client to that VM's console. */
  openConsole(params: unknown, client: ConsoleClient): Promise<ConsoleAttachment>;
  /** Validates params (DisplayOpenParams) and attaches the client to that VM's screen. */
  openDisplay(params: unknown, client: ConsoleClient): Promise<ConsoleAttachment>;
}

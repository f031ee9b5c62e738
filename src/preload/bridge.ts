// The shape preload exposes as window.virtdesk. Responses come back as wire envelopes because
// contextBridge strips custom fields (the error code) off rejected Errors.
import type { ApiEvent, ApiMethod, WireResponse } from '../shared/api';
import type { ConsoleOpenParams } from '../shared/console';
import type { DisplayOpenParams } from '../shared/display';

export interface VirtdeskBridge {
  methods: ApiMethod[];
  call(method: ApiMethod, params: unknown): Promise<WireResponse>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Opens a console stream. Its MessagePort arrives as a window message of type
   * CONSOLE_PORT_MESSAGE carrying `requestId`; listen before calling. Messages on the port:
   * to main `{ t: 'input', bytes }` or a ConsoleClientControl; from main `{ t: 'data', bytes }`
   * or a ConsoleServerControl. */
  openConsole(params: ConsoleOpenParams, requestId: string): void;
  /** Opens a VM's screen (RFB bytes) the same way: its port arrives as CONSOLE_PORT_MESSAGE. */
  openDisplay(params: DisplayOpenParams, requestId: string): void;
}

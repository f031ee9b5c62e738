// The state of the link between this page and virtdesk's main side. Electron's bridge is always
// up; the browser-mode WebSocket can drop and comes back with backoff.
import type { Unsubscribe, VirtdeskApi } from '../../../shared/api';
import type { OpenConsole, OpenDisplay } from './consoleConnection';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface LinkStatus {
  state: LinkState;
  /** When the next reconnect attempt happens (epoch ms), while closed. */
  retryAt: number | null;
  /** Consecutive failed attempts since the link was last open. */
  attempt: number;
  /** Bumped each time the link (re)opens, so listeners can tell a reconnect from the first open. */
  generation: number;
}

export interface ApiConnection {
  api: VirtdeskApi;
  status(): LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): Unsubscribe;
  /** Try to reconnect now instead of waiting for the backoff timer. */
  reconnect(): void;
  /** Opens a VM's serial console stream. */
  openConsole: OpenConsole;
  /** Opens a VM's screen: an RFB byte stream with the console's flow control and rules. */
  openDisplay: OpenDisplay;
  /** False where the page cannot open windows of its own (Electron blocks them by design). */
  canOpenWindows: boolean;
}

// One serial console stream as the renderer sees it, whichever transport carries it (a stream on
// the browser-mode WebSocket, or a MessagePort in Electron). Bytes stay binary both ways; the
// page acknowledges what its terminal has written (flow control, src/shared/console.ts).
import type { Unsubscribe } from '../../../shared/api';
import type { ConsoleOpenParams } from '../../../shared/console';
import type { DisplayOpenParams } from '../../../shared/display';
import type { WireError } from '../../../shared/errors';

export type ConsoleState = 'connecting' | 'open' | 'closed';

export interface ConsoleConnection {
  /** Output from the guest. The first bytes are main's replay of the recent screen. */
  onData(listener: (bytes: Uint8Array) => void): Unsubscribe;
  /** 'closed' comes once, with the reason main gave (or why the link dropped). */
  onState(listener: (state: ConsoleState, reason?: string) => void): Unsubscribe;
  write(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Bytes the terminal has written since the last ack. */
  ack(bytes: number): void;
  /** Closes the stream; no more callbacks follow. */
  close(): void;
}

export type OpenConsole = (params: ConsoleOpenParams) => ConsoleConnection;
export type OpenDisplay = (params: DisplayOpenParams) => ConsoleConnection;

/** Said wherever the page's link to main is down (browser mode's WebSocket dropped). */
export const LINK_LOST = 'Disconnected from virtdesk';

/**
 * The listener bookkeeping both transports share: data and state go to whoever subscribed, an
 * 'error' message is remembered so the 'closed' that follows can say what went wrong, and nothing
 * is reported after 'closed'.
 */
export class ConsoleEvents {
  private readonly data = new Set<(bytes: Uint8Array) => void>();
  private readonly states = new Set<(state: ConsoleState, reason?: string) => void>();
  private lastError: string | null = null;
  state: ConsoleState = 'connecting';

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    this.data.add(listener);
    return () => this.data.delete(listener);
  }

  onState(listener: (state: ConsoleState, reason?: string) => void): Unsubscribe {
    this.states.add(listener);
    return () => this.states.delete(listener);
  }

  emitData(bytes: Uint8Array): void {
    if (this.state === 'closed') return;
    for (const listener of [...this.data]) listener(bytes);
  }

  opened(): void {
    if (this.state !== 'connecting') return;
    this.state = 'open';
    for (const listener of [...this.states]) listener('open');
  }

  /** An error while opening explains the 'closed' that follows; later ones are only logged. */
  error(error: WireError | undefined): void {
    const message = typeof error?.message === 'string' ? error.message : 'console error';
    if (this.state === 'connecting') this.lastError = message;
    else console.warn('virtdesk: console stream error:', message);
  }

  closed(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    // "could not open the console" alone would hide the cause (e.g. "vm1 is shut off: …").
    const text = this.lastError ? `${reason}: ${this.lastError}` : reason;
    for (const listener of [...this.states]) listener('closed', text);
    this.data.clear();
    this.states.clear();
  }
}

/** A connection that is closed from the start (no transport to open it on). */
export function closedConsole(reason: string): ConsoleConnection {
  const events = new ConsoleEvents();
  queueMicrotask(() => events.closed(reason));
  return {
    onData: (l) => events.onData(l),
    onState: (l) => events.onState(l),
    write: () => undefined,
    resize: () => undefined,
    ack: () => undefined,
    close: () => events.closed('closed'),
  };
}

// Browser mode: the api over one WebSocket. JSON text frames carry requests, responses, events and
// console stream control; binary frames carry console bytes (wsStreams.ts). When the socket
// closes, pending calls reject with DISCONNECTED, open consoles close, and the transport
// reconnects with exponential backoff.
import type {
  ApiEvent,
  ApiMethod,
  Unsubscribe,
  WireRequest,
  WireResponse,
} from '../../../shared/api';
import type { ApiTransport } from '../../../shared/apiClient';
import type { ConsoleOpenParams } from '../../../shared/console';
import type { DisplayOpenParams } from '../../../shared/display';
import { VirtdeskError, isErrorCode } from '../../../shared/errors';
import type { ConsoleConnection } from './consoleConnection';
import type { LinkStatus } from './link';
import { WsStreamMux } from './wsStreams';

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

function disconnected(): VirtdeskError {
  return new VirtdeskError('DISCONNECTED', 'Disconnected from virtdesk.');
}

export class WsTransport implements ApiTransport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests made while the socket is still connecting; sent on open. */
  private queued: string[] = [];
  private readonly eventListeners = new Set<(event: ApiEvent) => void>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private current: LinkStatus = { state: 'connecting', retryAt: null, attempt: 0, generation: 0 };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly streams = new WsStreamMux({
    sendText: (text) => this.sendText(text),
    sendBinary: (frame) => {
      if (this.current.state === 'open') this.socket?.send(frame);
    },
  });

  constructor(private readonly url: string) {
    this.open();
  }

  status(): LinkStatus {
    return this.current;
  }

  onStatus(listener: (status: LinkStatus) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  subscribe(listener: (event: ApiEvent) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  call(method: ApiMethod, params: unknown): Promise<unknown> {
    if (this.current.state === 'closed') return Promise.reject(disconnected());
    const id = this.nextId++;
    const request: WireRequest = { id, method, params };
    const frame = JSON.stringify(request);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.sendText(frame);
    });
  }

  /** A console stream on this socket; it closes when the socket does. */
  openConsole(params: ConsoleOpenParams): ConsoleConnection {
    return this.streams.open(params);
  }

  /** A VM's screen (RFB bytes) on this socket. */
  openDisplay(params: DisplayOpenParams): ConsoleConnection {
    return this.streams.open(params, 'display');
  }

  /** Sends now, or on open while connecting; false when the socket is closed. */
  private sendText(frame: string): boolean {
    if (this.current.state === 'closed') return false;
    if (this.current.state === 'open' && this.socket) this.socket.send(frame);
    else this.queued.push(frame);
    return true;
  }

  reconnect(): void {
    if (this.current.state !== 'closed') return;
    this.open();
  }

  private open(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setStatus({ ...this.current, state: 'connecting', retryAt: null });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.handleClose();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      const frames = this.queued;
      this.queued = [];
      for (const frame of frames) socket.send(frame);
      this.setStatus({
        state: 'open',
        retryAt: null,
        attempt: 0,
        generation: this.current.generation + 1,
      });
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (this.socket !== socket) return;
      if (typeof ev.data === 'string') this.handleFrame(ev.data);
      else if (ev.data instanceof ArrayBuffer) this.streams.binary(new Uint8Array(ev.data));
    };
    socket.onclose = () => {
      if (this.socket === socket) this.handleClose();
    };
  }

  private handleClose(): void {
    this.socket = null;
    this.queued = [];
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) p.reject(disconnected());
    this.streams.dropAll();
    const attempt = this.current.attempt + 1;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.retryTimer = setTimeout(() => this.open(), delay);
    this.setStatus({ ...this.current, state: 'closed', retryAt: Date.now() + delay, attempt });
  }

  private handleFrame(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      console.warn('virtdesk: ignoring a malformed frame');
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    if ('stream' in msg) {
      this.streams.control((msg as { stream: unknown }).stream);
      return;
    }
    if ('event' in msg) {
      const event = (msg as { event: ApiEvent }).event;
      for (const listener of [...this.eventListeners]) {
        try {
          listener(event);
        } catch (e) {
          console.error('virtdesk: event listener failed', e);
        }
      }
      return;
    }
    const response = msg as WireResponse;
    const p = typeof response.id === 'number' ? this.pending.get(response.id) : undefined;
    if (!p) return;
    this.pending.delete(response.id);
    if (response.ok) p.resolve(response.result);
    else p.reject(toError(response.error));
  }

  private setStatus(status: LinkStatus): void {
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

/** A wire error as a VirtdeskError, even when a peer sends something unexpected. */
export function toError(error: unknown): VirtdeskError {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown; path?: unknown };
    if (isErrorCode(e.code) && typeof e.message === 'string') {
      return VirtdeskError.fromWire({
        code: e.code,
        message: e.message,
        ...(typeof e.path === 'string' ? { path: e.path } : {}),
      });
    }
  }
  return new VirtdeskError('INTERNAL', 'virtdesk sent a malformed error.');
}

/** The api socket's address; it authenticates with the cookie set when the page was served. */
export function browserApiUrl(loc: Location): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/api`;
}

// Console streams in the Electron app: preload asks main for a console and hands this page its end
// of a MessagePort by window.postMessage (ports cannot cross contextBridge). Bytes travel as
// Uint8Array on the port, control as small objects; nothing is base64 or JSON per byte.
import type { ConsoleClientControl, ConsoleOpenParams, StreamKind } from '../../../shared/console';
import type { DisplayOpenParams } from '../../../shared/display';
import { CONSOLE_PORT_MESSAGE } from '../../../shared/ipcChannels';
import type { WireError } from '../../../shared/errors';
import type { ConsoleConnection } from './consoleConnection';
import { ConsoleEvents } from './consoleConnection';

type Bridge = NonNullable<Window['virtdesk']>;
type ToMain = { t: 'input'; bytes: Uint8Array } | ConsoleClientControl;

let nextRequest = 1;

export function openElectronConsole(bridge: Bridge, params: ConsoleOpenParams): ConsoleConnection {
  return openElectronStream(bridge, 'console', params);
}

/** A VM's screen: the same kind of stream, carrying RFB. */
export function openElectronDisplay(bridge: Bridge, params: DisplayOpenParams): ConsoleConnection {
  return openElectronStream(bridge, 'display', params);
}

function openElectronStream(
  bridge: Bridge,
  kind: StreamKind,
  params: ConsoleOpenParams | DisplayOpenParams,
): ConsoleConnection {
  const requestId = `${kind}-${Date.now().toString(36)}-${nextRequest++}`;
  const events = new ConsoleEvents();
  let port: MessagePort | null = null;
  // Control sent before the port arrives (a resize) waits for it.
  let early: ToMain[] = [];
  let done = false;

  const post = (msg: ToMain): void => {
    if (done) return;
    if (port) port.postMessage(msg);
    else early.push(msg);
  };

  const onPortMessage = (e: MessageEvent): void => {
    const d = e.data as { t?: unknown; bytes?: unknown; reason?: unknown; error?: unknown };
    if (typeof d !== 'object' || d === null) return;
    if (d.t === 'data' && d.bytes instanceof Uint8Array) events.emitData(d.bytes);
    else if (d.t === 'opened') events.opened();
    else if (d.t === 'error') events.error(d.error as WireError | undefined);
    else if (d.t === 'closed') {
      finish();
      events.closed(typeof d.reason === 'string' ? d.reason : 'closed');
    }
  };

  // Only preload's message for this request, from this very window, with a port, is taken.
  const onWindowMessage = (e: MessageEvent): void => {
    const d = e.data as { type?: unknown; requestId?: unknown } | null;
    if (e.source !== window || typeof d !== 'object' || d === null) return;
    if (d.type !== CONSOLE_PORT_MESSAGE || d.requestId !== requestId) return;
    const received = e.ports[0];
    if (!received) return;
    window.removeEventListener('message', onWindowMessage);
    if (done) {
      received.postMessage({ t: 'close' } satisfies ToMain);
      received.close();
      return;
    }
    port = received;
    port.onmessage = onPortMessage;
    for (const msg of early) port.postMessage(msg);
    early = [];
  };

  // Until its port arrives the request stays listened for, so a console closed early is closed
  // in main too (onWindowMessage).
  const finish = (): void => {
    done = true;
    port?.close();
    port = null;
    early = [];
  };

  window.addEventListener('message', onWindowMessage);
  if (kind === 'display') bridge.openDisplay(params as DisplayOpenParams, requestId);
  else bridge.openConsole(params as ConsoleOpenParams, requestId);

  return {
    onData: (listener) => events.onData(listener),
    onState: (listener) => events.onState(listener),
    write: (bytes) => {
      if (events.state === 'open' && bytes.byteLength > 0) post({ t: 'input', bytes });
    },
    resize: (cols, rows) => post({ t: 'resize', cols, rows }),
    ack: (bytes) => {
      if (bytes > 0) post({ t: 'ack', bytes });
    },
    close: () => {
      post({ t: 'close' });
      finish();
      events.closed('closed');
    },
  };
}

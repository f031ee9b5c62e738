// One byte stream as both transports carry it (a serial console, or a VM's screen): output bytes
// and control messages go to a sink; input bytes and control messages come from the page, are
// checked, and reach the console or display.
import type { ConsoleServerControl } from '../../shared/console';
import { CONSOLE_MAX_INPUT_BYTES, parseConsoleControl } from '../../shared/console';
import { toWireError } from '../../shared/errors';
import type { ConsoleAttachment, ConsoleClient } from '../console';
import type { ApiHost } from './apiHost';

export interface ConsoleSink {
  data(bytes: Uint8Array): void;
  control(msg: ConsoleServerControl): void;
}

export interface ConsoleStream {
  input(bytes: Uint8Array): void;
  control(msg: unknown): void;
  dispose(): void;
}

export function openConsoleStream(
  host: ApiHost,
  params: unknown,
  sink: ConsoleSink,
): ConsoleStream {
  return openByteStream((client) => host.openConsole(params, client), sink, 'the console');
}

/** A VM's screen: the same stream, to its VNC server (src/shared/display.ts). */
export function openDisplayStream(
  host: ApiHost,
  params: unknown,
  sink: ConsoleSink,
): ConsoleStream {
  return openByteStream((client) => host.openDisplay(params, client), sink, 'the display');
}

function openByteStream(
  open: (client: ConsoleClient) => Promise<ConsoleAttachment>,
  sink: ConsoleSink,
  what: string,
): ConsoleStream {
  let attachment: ConsoleAttachment | null = null;
  let done = false;
  // The hub replays recent output during attach, before openConsole resolves; hold it so the
  // page sees 'opened' first and every byte it acknowledges belongs to an open stream.
  let early: Uint8Array[] | null = [];
  const finish = (reason: string): void => {
    if (done) return;
    done = true;
    sink.control({ t: 'closed', reason });
  };
  open({
    send: (bytes) => {
      if (done) return;
      if (early) early.push(bytes);
      else sink.data(bytes);
    },
    closed: (reason) => {
      attachment = null;
      finish(reason);
    },
  }).then(
    (a) => {
      if (done) return a.detach();
      attachment = a;
      sink.control({ t: 'opened' });
      const held = early ?? [];
      early = null;
      for (const bytes of held) sink.data(bytes);
    },
    (e: unknown) => {
      if (done) return;
      sink.control({ t: 'error', error: toWireError(e) });
      finish(`could not open ${what}`);
    },
  );
  return {
    // Input before 'opened' is dropped: the page only types once it has seen 'opened'.
    input: (bytes) => {
      if (bytes.byteLength <= CONSOLE_MAX_INPUT_BYTES) attachment?.input(bytes);
    },
    control: (raw) => {
      let msg;
      try {
        msg = parseConsoleControl(raw);
      } catch (e) {
        sink.control({ t: 'error', error: toWireError(e) });
        return;
      }
      if (msg.t === 'resize') attachment?.resize(msg.cols, msg.rows);
      else if (msg.t === 'ack') attachment?.ack(msg.bytes);
      else {
        attachment?.detach();
        attachment = null;
        finish('closed by the user');
      }
    },
    dispose: () => {
      attachment?.detach();
      attachment = null;
      done = true;
    },
  };
}

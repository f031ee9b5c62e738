// Console and display streams in the Electron app: preload hands main one MessagePort per console
// over IPC_CONSOLE (per screen over IPC_DISPLAY); bytes then travel as Uint8Array on that port,
// never through ipc invoke.
import type { MessagePortMain } from 'electron';
import { ipcMain } from 'electron';
import type { StreamKind } from '../../../shared/console';
import { IPC_CONSOLE, IPC_DISPLAY } from '../../../shared/ipcChannels';
import { openConsoleStream, openDisplayStream } from '../consoleStream';
import type { IpcOptions } from './ipc';
import { isTrustedSender } from './ipc';

function isInput(d: unknown): d is { t: 'input'; bytes: Uint8Array } {
  return (
    typeof d === 'object' &&
    d !== null &&
    (d as { t?: unknown }).t === 'input' &&
    (d as { bytes?: unknown }).bytes instanceof Uint8Array
  );
}

export function servePort(
  port: MessagePortMain,
  opts: IpcOptions,
  params: unknown,
  kind: StreamKind = 'console',
): void {
  const open = kind === 'display' ? openDisplayStream : openConsoleStream;
  const stream = open(opts.host, params, {
    data: (bytes) => port.postMessage({ t: 'data', bytes }),
    control: (c) => {
      port.postMessage(c);
      if (c.t === 'closed') port.close();
    },
  });
  port.on('message', (e) => {
    if (isInput(e.data)) stream.input(e.data.bytes);
    else stream.control(e.data);
  });
  port.on('close', () => stream.dispose());
  port.start();
}

export function registerConsolePorts(opts: IpcOptions): () => void {
  const channels: [string, StreamKind, string][] = [
    [IPC_CONSOLE, 'console', 'Console'],
    [IPC_DISPLAY, 'display', 'Display'],
  ];
  for (const [channel, kind, word] of channels) {
    ipcMain.on(channel, (event, params: unknown) => {
      const port = event.ports[0];
      if (!port) return;
      if (!isTrustedSender(event, opts)) {
        port.postMessage({
          t: 'error',
          error: { code: 'FORBIDDEN', message: `${word} request from an untrusted page` },
        });
        port.close();
        return;
      }
      servePort(port, opts, params, kind);
    });
  }
  return () => {
    for (const [channel] of channels) ipcMain.removeAllListeners(channel);
  };
}

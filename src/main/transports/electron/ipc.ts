// The Electron transport: one invoke channel for requests, one send channel for events. Every
// request is checked to come from the app's own page before the service sees it.
import type { IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { VirtdeskError } from '../../../shared/errors';
import type { ApiHost } from '../apiHost';
import { handleRequest } from '../envelope';
import { IPC_CALL, IPC_EVENT } from '../../../shared/ipcChannels';

export interface IpcOptions {
  host: ApiHost;
  /** True when the URL is the app's renderer (file:// build or the dev server). */
  isAppUrl: (url: string) => boolean;
  /** The web contents allowed to call, typically the app's windows. */
  trustedContents: () => readonly WebContents[];
}

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent | IpcMainEvent, 'sender' | 'senderFrame'>,
  opts: IpcOptions,
): boolean {
  const frame = event.senderFrame;
  if (!frame || !opts.isAppUrl(frame.url)) return false;
  return opts.trustedContents().some((c) => c.id === event.sender.id);
}

export function registerIpc(opts: IpcOptions): () => void {
  let seq = 0;
  ipcMain.handle(IPC_CALL, async (event, method: unknown, params: unknown) => {
    const id = ++seq;
    if (!isTrustedSender(event, opts)) {
      return {
        id,
        ok: false,
        error: new VirtdeskError('FORBIDDEN', 'Request from an untrusted page').toWire(),
      };
    }
    return handleRequest(opts.host, id, method, params);
  });
  const unsubscribe = opts.host.onEvent((event) => {
    for (const contents of opts.trustedContents()) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, event);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    unsubscribe();
  };
}

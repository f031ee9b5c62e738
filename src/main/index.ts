// Electron entry: one window over the service, talking through the preload bridge only.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { parseArgs } from './config/args';
import {
  resolveDataDir,
  seedVmsFromEnv,
  simHostsFromEnv,
  simCpusFromEnv,
  simTwinOfFromEnv,
} from './config/dataDir';
import { LibvirtSshDriver } from './drivers/libvirt-ssh';
import { detectLocalHypervisor } from './service/localHypervisor';
import { createService } from './service/service';
import { appUrlMatcher, devServerUrl as devServerFrom } from './transports/electron/appUrl';
import { registerConsolePorts } from './transports/electron/consolePorts';
import { registerIpc } from './transports/electron/ipc';
import {
  createMainWindow,
  denyPermissionsButFullscreen,
  lockDownContents,
} from './transports/electron/window';

const rendererIndex = join(__dirname, '../renderer/index.html');
const devServerUrl = devServerFrom(app.isPackaged, process.env);
const isAppUrl = appUrlMatcher(rendererIndex, devServerUrl);

const preloadPath = join(__dirname, '../preload/index.js');
app.on('web-contents-created', (_event, contents) =>
  lockDownContents(contents, isAppUrl, preloadPath),
);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  denyPermissionsButFullscreen();
  const opts = parseArgs(process.argv.slice(1));
  const dataDir = resolveDataDir(opts.dataDir, process.env, app.getPath('userData'));
  let service;
  try {
    service = await createService({
      dataDir,
      seedVmsPerHost: seedVmsFromEnv(process.env),
      simHosts: simHostsFromEnv(process.env),
      simTwinOf: simTwinOfFromEnv(process.env),
      simCpus: simCpusFromEnv(process.env),
      remoteDriverFactory: (o) => new LibvirtSshDriver(o),
      localHypervisor: () => detectLocalHypervisor(process.env),
    });
  } catch (e) {
    dialog.showErrorBox('virtdesk could not start', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  const ipcOptions = {
    host: service,
    isAppUrl,
    trustedContents: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  };
  registerIpc(ipcOptions);
  registerConsolePorts(ipcOptions);
  const entry = devServerUrl ?? pathToFileURL(rendererIndex).href;
  const open = (): void => {
    createMainWindow(preloadPath, entry);
  };
  open();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    void service.close().finally(() => app.quit());
  });
}

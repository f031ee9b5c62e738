// The main window and the rules every web contents lives under (Electron's security checklist):
// isolated, sandboxed, no Node, no navigation away from the app, no new windows, no webviews,
// no permissions.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { BrowserWindow, session } from 'electron';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'virtdesk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/**
 * The one kind of new window the app opens itself: a VM's console or screen alone
 * (`index.html?console=HOST/VM`, `?display=HOST/VM`), with the same locked-down options as the
 * main window. Anything else is denied.
 */
export function consoleWindowOptions(
  url: string,
  isAppUrl: (url: string) => boolean,
  preloadPath: string,
): BrowserWindowConstructorOptions | null {
  if (!isAppUrl(url)) return null;
  const params = new URL(url).searchParams;
  const key = params.get('console') ?? params.get('display');
  if (!key || !/^[A-Za-z0-9._:-]+\/[A-Za-z0-9._:-]+$/.test(key) || [...params.keys()].length !== 1)
    return null;
  return { ...windowOptions(preloadPath), width: 900, height: 600, show: true };
}

/** Applied to every web contents the app creates, through app's web-contents-created. */
export function lockDownContents(
  contents: WebContents,
  isAppUrl: (url: string) => boolean,
  preloadPath?: string,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const options = preloadPath ? consoleWindowOptions(url, isAppUrl, preloadPath) : null;
    return options
      ? { action: 'allow', overrideBrowserWindowOptions: options }
      : { action: 'deny' };
  });
}

/**
 * Every permission is refused except full screen, which the Display tab's Full screen button
 * asks for (the element's requestFullscreen); nothing else in the app needs one.
 */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'fullscreen';
}

export function denyPermissionsButFullscreen(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionAllowed(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) =>
    isPermissionAllowed(permission),
  );
}

export function createMainWindow(preloadPath: string, entryUrl: string): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(entryUrl);
  return win;
}

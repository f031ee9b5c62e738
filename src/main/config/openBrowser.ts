// Opens browser mode's URL in the user's browser when one can be found; says nothing otherwise
// (the URL is already printed). The URL holds the token, and a command line is readable by every
// local user in /proc/PID/cmdline, so the browser is handed a file instead: a page in a private
// (0700) temp dir, itself 0600, that redirects to the URL. It is deleted a little later.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Long enough for a cold browser start to read the file. */
export const REDIRECT_FILE_LIFETIME_MS = 60_000;

export interface RedirectFile {
  path: string;
  remove(): void;
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Writes the redirect page for `url` (0600 in a fresh 0700 dir under `parent`). */
export function writeRedirectFile(url: string, parent = tmpdir()): RedirectFile {
  const dir = mkdtempSync(join(parent, 'virtdesk-open-'));
  const path = join(dir, 'open.html');
  const href = escapeAttr(url);
  writeFileSync(
    path,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
      `<meta http-equiv="refresh" content="0;url=${href}"><title>virtdesk</title>` +
      `<a href="${href}">Open virtdesk</a>\n`,
    { mode: 0o600, flag: 'wx' },
  );
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The command that opens `target` (a file path) on this platform, or null when there is none. */
export function browserCommand(
  target: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): [string, string[]] | null {
  if (platform === 'darwin') return ['open', [target]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '', target]];
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  if (!onPath('xdg-open')) return null;
  return ['xdg-open', [pathToFileURL(target).href]];
}

export function openBrowser(url: string, lifetimeMs = REDIRECT_FILE_LIFETIME_MS): boolean {
  let file: RedirectFile;
  try {
    file = writeRedirectFile(url);
  } catch {
    return false;
  }
  const command = browserCommand(file.path);
  if (!command) {
    file.remove();
    return false;
  }
  const timer = setTimeout(() => file.remove(), lifetimeMs);
  timer.unref();
  process.once('exit', () => file.remove());
  try {
    const child = spawn(command[0], command[1], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    clearTimeout(timer);
    file.remove();
    return false;
  }
}

// `npm start`: the desktop app. Electron's binary is downloaded by its installer, which npm does
// not run here (package.json allowScripts); when the binary is missing we try that installer
// once, and if it still is not there we say so in one line and run browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { runWeb } from './web.mjs';

const root = new URL('..', import.meta.url).pathname;
const electronDir = join(root, 'node_modules', 'electron');
const INSTALL_TIMEOUT_MS = Number(process.env.VIRTDESK_ELECTRON_INSTALL_TIMEOUT_MS ?? 120_000);

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function tryInstallElectron() {
  const installer = join(electronDir, 'install.js');
  if (!existsSync(installer)) return 'electron is not installed (run npm install)';
  console.log('virtdesk: the Electron binary is missing; running its installer…');
  const r = spawnSync(process.execPath, [installer], {
    cwd: electronDir,
    timeout: INSTALL_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (r.error?.code === 'ETIMEDOUT')
    return `its download did not finish within ${INSTALL_TIMEOUT_MS / 1000} s`;
  if (r.status !== 0) {
    // The installer prints a stack; its first line that is not a frame names the cause.
    const lines = `${r.stderr ?? ''}`.split('\n').map((l) => l.trim());
    const cause = lines.find((l) => l && !l.startsWith('at ')) ?? `exit code ${r.status}`;
    return `its download failed: ${cause.slice(0, 160)}`;
  }
  return null;
}

const args = process.argv.slice(2);
buildIfNeeded();
let bin = electronBinary();
if (!bin) {
  const why = tryInstallElectron();
  bin = electronBinary();
  if (!bin) {
    console.log(
      `virtdesk: Electron is not available (${why ?? 'binary missing after install'}); starting browser mode instead.`,
    );
    runWeb(args);
  }
}
if (bin) {
  const child = spawn(bin, [root, ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

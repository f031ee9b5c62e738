// `npm run web -- [--port N] [--no-open] [--data-dir DIR]`: browser mode.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = new URL('..', import.meta.url).pathname;

export function runWeb(args) {
  buildIfNeeded();
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'web.js'), ...args], {
    stdio: 'inherit',
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) runWeb(process.argv.slice(2));

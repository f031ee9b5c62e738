// Builds with electron-vite when out/ is missing or older than any source file, so `npm start`
// and `npm run web` work straight after `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'out', 'renderer', 'index.html');
const inputs = ['src', 'electron.vite.config.ts', 'package.json'];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIfNeeded() {
  const outputs = [
    stamp,
    join(root, 'out', 'main', 'web.js'),
    join(root, 'out', 'main', 'index.js'),
  ];
  const built = outputs.every((p) => existsSync(p));
  if (built) {
    const builtAt = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
    const changedAt = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
    if (changedAt <= builtAt) return;
  }
  console.log('virtdesk: building (electron-vite build)…');
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) {
    console.error('virtdesk: the build failed; see the errors above.');
    process.exit(r.status ?? 1);
  }
}

// Starts browser mode the way a user does (`node out/main/web.js`, what `npm run web` runs after
// building) and hands back its URL. Used by e2e tests and benchmarks.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const WEB_ENTRY = join(ROOT, 'out', 'main', 'web.js');

export interface RunningWeb {
  url: string;
  port: number;
  token: string;
  /** The browser-mode process (virtdesk's main): for CPU and memory readings in benches. */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

export async function startWeb(opts: {
  dataDir: string;
  env?: Record<string, string>;
}): Promise<RunningWeb> {
  if (!existsSync(WEB_ENTRY)) {
    throw new Error(`${WEB_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
  }
  const child = spawn(
    process.execPath,
    [WEB_ENTRY, '--port', '0', '--no-open', '--data-dir', opts.dataDir],
    {
      // The machine's own libvirtd stays out of test data dirs unless a test asks for it.
      env: { ...process.env, VIRTDESK_LOCAL_HYPERVISOR: '0', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode did not start in 30 s:\n${out}`)),
      30_000,
    );
    const check = (): void => {
      const m = /virtdesk listening at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    pid: child.pid!,
    output: () => out,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

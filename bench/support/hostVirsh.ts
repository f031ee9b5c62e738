// virsh on the testbed host itself (this machine, as root, qemu:///system), for bench set-up and
// clean-up: many commands go through ONE virsh reading them on stdin.
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const HOST_ENV = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

export async function hostVirsh(uri: string, ...args: string[]): Promise<string> {
  return (await run('virsh', ['-q', '-c', uri, ...args], { env: HOST_ENV })).stdout.trim();
}

/** Runs virsh commands (one per line) in one virsh process; rejects if any of them failed. */
export function hostVirshScript(uri: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('virsh', ['-q', '-c', uri], {
      env: HOST_ENV,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', () =>
      stderr.includes('error:') ? reject(new Error(`virsh: ${stderr.slice(0, 2000)}`)) : resolve(),
    );
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

/** The names of the host's domains starting with `prefix`. */
export async function domainsWithPrefix(uri: string, prefix: string): Promise<string[]> {
  return (await hostVirsh(uri, 'list', '--all', '--name'))
    .split('\n')
    .map((l) => l.trim())
    .filter((n) => n.startsWith(prefix) && /^[\w.-]+$/.test(n));
}

/**
 * Defines `count` shut-off copies of `templateName` named PREFIX000…: a new name and UUID each,
 * no disks, no PCI addresses kept from the template. Returns their names.
 */
export async function defineCopies(
  uri: string,
  templateName: string,
  prefix: string,
  count: number,
): Promise<string[]> {
  const template = (await hostVirsh(uri, 'dumpxml', '--inactive', templateName))
    .replace(/<uuid>[^<]*<\/uuid>/, '')
    .replace(/<disk\b[\s\S]*?<\/disk>\s*/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'vd-bench-domains-'));
  try {
    const names = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    const lines = names.map((name) => {
      const file = join(dir, `${name}.xml`);
      writeFileSync(
        file,
        template.replace(
          /<name>[^<]*<\/name>/,
          `<name>${name}</name>\n  <uuid>${randomUUID()}</uuid>`,
        ),
      );
      return `define --file ${file}`;
    });
    await hostVirshScript(uri, lines);
    return names;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Undefines every domain whose name starts with `prefix` (plain names only: no quoting). */
export async function undefineWithPrefix(uri: string, prefix: string): Promise<number> {
  const names = await domainsWithPrefix(uri, prefix);
  if (names.length > 0)
    await hostVirshScript(
      uri,
      names.map((n) => `undefine --domain ${n}`),
    );
  return names.length;
}

/**
 * On SIGINT, SIGTERM or SIGHUP (a bench stopped by hand or by a timeout), undefines the domains
 * starting with `prefix` before the process exits, as the bench's own `finally` would have.
 */
export function undefineOnSignal(uri: string, prefix: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`bench: ${signal}, undefining ${prefix}* first`);
    undefineWithPrefix(uri, prefix)
      .catch((e: unknown) => console.error(e))
      .finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
}

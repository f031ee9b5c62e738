// Writes to known_hosts files: adding a key the user accepted, and removing a host's keys when the
// user fixes a changed key. Each write replaces the file atomically (temp file, fsync, rename), so
// a crash leaves the old file or the new one; writes to one file are queued so two connections
// accepting keys at once cannot lose each other's line. Symlinked files (dotfile managers) are
// written through to their target instead of being replaced by a plain file.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { VirtdeskError } from '../../shared/errors';
import { writeFileAtomic } from '../persistence/atomicWrite';
import {
  formatKnownHostLine,
  hashHostName,
  hostFieldMatches,
  hostLookupName,
  keyTypeOf,
  normalizeKeyType,
  parseKnownHosts,
  parseKnownHostsLine,
} from './knownHostsFormat';
import { checkHost } from './userHostPort';

const queues = new Map<string, Promise<unknown>>();

function queued<T>(file: string, job: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const run = (queues.get(key) ?? Promise.resolve()).then(job);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

async function realTarget(file: string): Promise<string> {
  try {
    return await fsp.realpath(file);
  } catch {
    return file;
  }
}

export interface AppendKnownHostOptions {
  /** Store the name as `|1|salt|hmac` like HashKnownHosts=yes, so the file does not list hosts. */
  hash?: boolean;
}

/**
 * Adds `host:port keyType key` to `file` (creating it 0600, and its directory 0700). Returns false,
 * writing nothing, when the file already lists that key for the host.
 */
export async function appendKnownHost(
  file: string,
  host: string,
  port: number | null,
  keyType: string,
  key: Buffer,
  opts: AppendKnownHostOptions = {},
): Promise<boolean> {
  // A space, comma or newline in the name would corrupt the line or widen what it matches.
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  checkHost(bare);
  const actual = keyTypeOf(key);
  if (normalizeKeyType(keyType) !== actual) {
    throw new VirtdeskError(
      'INVALID_INPUT',
      `Key type ${keyType} does not match the key (${actual}).`,
    );
  }
  const name = hostLookupName(bare, port);
  return queued(file, async () => {
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const target = await realTarget(file);
    const existing = await readOrEmpty(target);
    const already = parseKnownHosts(existing).some(
      (e) => e.marker === null && e.key.equals(key) && hostFieldMatches(e.hosts, name),
    );
    if (already) return false;
    const line = formatKnownHostLine(opts.hash ? hashHostName(name) : name, key);
    const sep = existing === '' || existing.endsWith('\n') ? '' : '\n';
    await writeFileAtomic(target, `${existing}${sep}${line}\n`);
    return true;
  });
}

/**
 * Removes every plain line naming host:port (like `ssh-keygen -R`), keeping @revoked and
 * @cert-authority lines, and saves the previous file as FILE.old. Returns how many lines went.
 */
export async function removeKnownHost(
  file: string,
  host: string,
  port: number | null,
): Promise<number> {
  const name = hostLookupName(host, port);
  return queued(file, async () => {
    const target = await realTarget(file);
    const existing = await readOrEmpty(target);
    const lines = existing.split('\n');
    const kept = lines.filter((raw, i) => {
      const e = parseKnownHostsLine(raw, i + 1);
      return !(e && e.marker === null && hostFieldMatches(e.hosts, name));
    });
    const removed = lines.length - kept.length;
    if (removed === 0) return 0;
    await fsp.copyFile(target, `${target}.old`);
    await writeFileAtomic(target, kept.join('\n'));
    return removed;
  });
}

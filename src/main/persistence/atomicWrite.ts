// Replace a file so that a crash at any moment leaves either the old content or the new, never a
// torn mix: write a temp file in the same directory (rename is only atomic within a filesystem),
// fsync it, rename it over the target, then fsync the directory so the rename itself is durable.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteHooks {
  /** Runs after the temp file is durable and before the rename; tests throw here to act out a crash. */
  beforeRename?: (tempFile: string) => void | Promise<void>;
}

/** The temp name for `file`: unique per process and call, and recognisable for cleanup. */
export function tempNameFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** True for names tempNameFor(file) produces, so leftovers from a crashed run can be removed. */
export function isTempOf(file: string, candidate: string): boolean {
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${base}\\.\\d+\\.[0-9a-f]{12}\\.tmp$`).test(path.basename(candidate));
}

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const temp = tempNameFor(file);
  let renamed = false;
  try {
    const handle = await fsp.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeRename?.(temp);
    await fsp.rename(temp, file);
    renamed = true;
  } finally {
    if (!renamed) await fsp.rm(temp, { force: true });
  }
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}

// The small document the JsonStore tests save and load, and a temp dir per test to hold it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface Doc {
  version: 1;
  n: number;
}

export function parseDoc(raw: unknown): Doc {
  const o = raw as Partial<Doc> | null;
  if (!o || o.version !== 1 || typeof o.n !== 'number') throw new Error('not a Doc');
  return { version: 1, n: o.n };
}

/** A fresh directory for each test of the calling file, removed after it: call `dir()` inside. */
export function tempDirPerTest(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

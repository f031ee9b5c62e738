import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempOf, tempNameFor, writeFileAtomic } from '../../../src/main/persistence/atomicWrite';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'virtdesk-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temp files', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('leaves the old file intact when it dies between temp write and rename', async () => {
    const file = path.join(dir, 'a.json');
    await writeFile(file, 'old');
    let tempSeen = '';
    await expect(
      writeFileAtomic(file, 'new', {
        beforeRename: async (temp) => {
          tempSeen = temp;
          // The new bytes are complete and durable in the temp file at this point.
          expect(await readFile(temp, 'utf8')).toBe('new');
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(path.dirname(tempSeen)).toBe(dir);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('writes binary data byte for byte', async () => {
    const file = path.join(dir, 'b.bin');
    const bytes = new Uint8Array([0, 255, 10, 13, 0]);
    await writeFileAtomic(file, bytes);
    expect(new Uint8Array(await readFile(file))).toEqual(bytes);
  });

  it('names temp files so they can be recognised and nothing else is', () => {
    const file = path.join(dir, 'sim1.json');
    const a = tempNameFor(file);
    expect(a).not.toBe(tempNameFor(file));
    expect(path.dirname(a)).toBe(dir);
    expect(a).toContain(String(process.pid));
    expect(isTempOf(file, a)).toBe(true);
    expect(isTempOf(file, path.join(dir, 'sim1.json'))).toBe(false);
    expect(isTempOf(file, path.join(dir, 'sim1xjson.1.abcdefabcdef.tmp'))).toBe(false);
    expect(isTempOf(file, path.join(dir, 'sim2.json.1.abcdefabcdef.tmp'))).toBe(false);
    expect(isTempOf(file, path.join(dir, 'sim1.json.corrupt-2024'))).toBe(false);
  });
});

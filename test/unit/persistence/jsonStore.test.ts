import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Doc, parseDoc, tempDirPerTest } from './doc';
import { JsonStore, corruptNameFor } from '../../../src/main/persistence/jsonStore';

const tmp = tempDirPerTest('virtdesk-store-');

const AT = Date.UTC(2024, 4, 1, 10, 20, 30, 123);

function store(file = path.join(tmp(), 'sub', 'doc.json'), debounceMs = 25) {
  return new JsonStore<Doc>({ file, parse: parseDoc, debounceMs, now: () => AT });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JsonStore', () => {
  it('reports a missing file as missing', async () => {
    expect(await store().load()).toEqual({ status: 'missing' });
  });

  it('coalesces a burst of saves into one write of the latest state, on disk within 100 ms', async () => {
    const s = store();
    let produced = 0;
    for (let n = 1; n <= 1000; n++) {
      s.save(() => {
        produced++;
        return { version: 1, n };
      });
    }
    await sleep(100);
    expect(produced).toBe(1);
    expect(JSON.parse(await readFile(s.file, 'utf8'))).toEqual({ version: 1, n: 1000 });
    expect(await s.load()).toEqual({ status: 'ok', data: { version: 1, n: 1000 } });
  });

  it('flush writes at once and a save during a write is not lost', async () => {
    const s = store(undefined, 10_000);
    s.save(() => ({ version: 1, n: 1 }));
    const flushing = s.flush();
    s.save(() => ({ version: 1, n: 2 }));
    await flushing;
    await s.flush();
    expect(JSON.parse(await readFile(s.file, 'utf8')).n).toBe(2);
    expect(await readdir(path.dirname(s.file))).toEqual(['doc.json']);
  });

  it.each([
    ['truncated JSON', '{"version":1,"n":'],
    ['valid JSON of the wrong shape', '{"version":7}'],
    ['binary garbage', '\u0000\u00ff\u0001'],
    ['an empty file', ''],
  ])(
    'moves %s aside with a timestamp, bytes intact, never overwriting it',
    async (_what, bytes) => {
      const file = path.join(tmp(), 'doc.json');
      await writeFile(file, bytes);
      const s = store(file);
      const result = await s.load();
      const movedTo = `${file}.corrupt-2024-05-01T10-20-30.123Z`;
      expect(result).toMatchObject({ status: 'corrupt', movedTo });
      if (result.status === 'corrupt') expect(result.reason.length).toBeGreaterThan(0);
      expect(await readFile(movedTo, 'utf8')).toBe(bytes);
      expect(await readdir(tmp())).toEqual(['doc.json.corrupt-2024-05-01T10-20-30.123Z']);

      s.save(() => ({ version: 1, n: 5 }));
      await s.flush();
      expect(await readFile(movedTo, 'utf8')).toBe(bytes);
      expect(JSON.parse(await readFile(file, 'utf8')).n).toBe(5);
    },
  );

  it('keeps an earlier corrupt copy with the same timestamp', async () => {
    const file = path.join(tmp(), 'doc.json');
    await writeFile(file, 'first');
    await store(file).load();
    await writeFile(file, 'second');
    const r = await store(file).load();
    const base = corruptNameFor(file, AT);
    expect(r).toMatchObject({ status: 'corrupt', movedTo: `${base}-1` });
    expect(await readFile(base, 'utf8')).toBe('first');
    expect(await readFile(`${base}-1`, 'utf8')).toBe('second');
  });

  it('uses no colons in the corrupt name', () => {
    expect(path.basename(corruptNameFor('/x/sim1.json', AT))).toBe(
      'sim1.json.corrupt-2024-05-01T10-20-30.123Z',
    );
  });

  it('removes temp files a crashed run left behind, and nothing else', async () => {
    const file = path.join(tmp(), 'doc.json');
    await writeFile(file, '{"version":1,"n":3}');
    await writeFile(`${file}.4242.0123456789ab.tmp`, '{"version":1,"n":4');
    await writeFile(path.join(tmp(), 'other.json.4242.0123456789ab.tmp'), 'x');
    expect(await store(file).load()).toEqual({ status: 'ok', data: { version: 1, n: 3 } });
    expect((await readdir(tmp())).sort()).toEqual(['doc.json', 'other.json.4242.0123456789ab.tmp']);
  });

  it('reports a failed write to onError instead of throwing', async () => {
    const errors: Error[] = [];
    const blocker = path.join(tmp(), 'blocker');
    await writeFile(blocker, 'a file where a directory should be');
    const s = new JsonStore<Doc>({
      file: path.join(blocker, 'doc.json'),
      parse: parseDoc,
      onError: (e) => errors.push(e),
    });
    s.save(() => ({ version: 1, n: 1 }));
    await s.flush();
    expect(errors).toHaveLength(1);
  });
});

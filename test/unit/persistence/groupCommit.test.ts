// JsonStore's group commit: saves coalesce into few writes, each save resolves only once a write
// holding its change is on disk, a change made during a write joins the next one, and a failed
// write rejects exactly the saves it held.
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Doc, parseDoc, tempDirPerTest } from './doc';
import { JsonStore } from '../../../src/main/persistence/jsonStore';

const tmp = tempDirPerTest('virtdesk-commit-');

/** A store of a counter; `writes` counts the writes (produce runs once per write). */
function counter(file = path.join(tmp(), 'doc.json'), debounceMs = 5) {
  const errors: Error[] = [];
  const store = new JsonStore<Doc>({
    file,
    parse: parseDoc,
    debounceMs,
    onError: (e) => errors.push(e),
  });
  let n = 0;
  const state = { writes: 0, written: [] as number[] };
  const produce = () => {
    state.writes++;
    state.written.push(n);
    return { version: 1 as const, n };
  };
  /** One change: the counter goes up; resolves with what the file held when the save resolved. */
  const change = async (): Promise<{ mine: number; onDisk: number }> => {
    const mine = ++n;
    await store.save(produce);
    // Read synchronously inside the resolution: nothing else can run in between.
    return { mine, onDisk: (JSON.parse(readFileSync(file, 'utf8')) as Doc).n };
  };
  return { store, state, change, errors };
}

const nextTick = () => new Promise((r) => setImmediate(r));

describe('JsonStore group commit', () => {
  it('writes 1,000 changes made at once in one write, and each resolves with itself on disk', async () => {
    const c = counter();
    const results = await Promise.all(Array.from({ length: 1000 }, () => c.change()));
    expect(c.state.writes).toBe(1);
    for (const r of results) expect(r.onDisk).toBeGreaterThanOrEqual(r.mine);
  });

  it('coalesces changes arriving one event-loop turn apart while writes are in flight', async () => {
    const c = counter(undefined, 0);
    const pending: Promise<{ mine: number; onDisk: number }>[] = [];
    for (let i = 0; i < 300; i++) {
      pending.push(c.change());
      await nextTick();
    }
    const results = await Promise.all(pending);
    // Each write takes several turns (open, write, fsync, rename, fsync dir): far fewer than 300.
    expect(c.state.writes).toBeLessThan(100);
    for (const r of results) expect(r.onDisk).toBeGreaterThanOrEqual(r.mine);
  });

  it('does not resolve a save before its write is on disk', async () => {
    const c = counter(undefined, 50);
    let resolved = false;
    const first = c.change().then((r) => {
      resolved = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    expect((await first).onDisk).toBe(1);
  });

  it('puts a change made while a write is in flight into the next write', async () => {
    const c = counter();
    let second: Promise<{ mine: number; onDisk: number }> | null = null;
    const first = c.store.save(() => {
      // The write has started (its state, 100, is taken): a change now must wait for the next one.
      second = c.change();
      return { version: 1, n: 100 };
    });
    await first;
    expect((JSON.parse(readFileSync(c.store.file, 'utf8')) as Doc).n).toBe(100);
    expect(second).not.toBeNull();
    // Resolved by the write that holds it (n = 1), not by the one in flight when it was made.
    expect(await second).toEqual({ mine: 1, onDisk: 1 });
    expect(c.state.writes).toBe(1);
  });

  it('rejects every save a failed write held, reports it once, and the next save retries', async () => {
    const blocker = path.join(tmp(), 'blocker');
    await writeFile(blocker, 'a file where a directory should be');
    const c = counter(path.join(blocker, 'doc.json'));
    const held = Array.from({ length: 5 }, () => c.change());
    const outcomes = await Promise.allSettled(held);
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
    expect(c.errors).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBe(c.errors[0]);

    await rm(blocker);
    expect(await c.change()).toEqual({ mine: 6, onDisk: 6 });
  });

  it('leaves no unhandled rejection when nobody awaits a failed save', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const blocker = path.join(tmp(), 'blocker');
      await writeFile(blocker, 'x');
      const c = counter(path.join(blocker, 'doc.json'));
      void c.store.save(() => ({ version: 1, n: 1 }));
      await c.store.flush();
      await new Promise((r) => setTimeout(r, 20));
      expect(c.errors).toHaveLength(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

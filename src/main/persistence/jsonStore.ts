// One JSON document on disk, read once at startup and written back by group commit: changes made
// while no write is under way wait debounceMs for company, changes made while one is under way join
// the next, and each write carries the latest state. A burst (a thousand VMs starting) is one or two
// writes, yet every save() resolves only once a write holding its change is on disk (temp file
// fsync'd, renamed, directory fsync'd: atomicWrite.ts), so a caller can confirm a change to the
// user after awaiting it, as `virsh define` returns after libvirt has written the XML.
// A file that cannot be understood is moved aside, never overwritten.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isTempOf, writeFileAtomic } from './atomicWrite';

export type LoadResult<T> =
  | { status: 'missing' }
  | { status: 'ok'; data: T }
  | { status: 'corrupt'; reason: string; movedTo: string };

export interface JsonStoreOptions<T> {
  file: string;
  /**
   * Structural check of the parsed JSON, and whatever reading it takes (an upgrade of an older
   * format, say); throws an Error saying what is wrong.
   */
  parse: (raw: unknown) => T;
  /** How long the first change after an idle spell waits for others to share its write. */
  debounceMs?: number;
  /** For the timestamp in a corrupt file's new name. */
  now?: () => number;
  /**
   * A write failed (the saves it held reject with the same error); the data is still in memory and
   * the next save retries.
   */
  onError?: (error: Error) => void;
}

// Short: every confirmed change waits for it. Under load, writes coalesce by being in flight anyway.
export const DEFAULT_DEBOUNCE_MS = 5;

/** The changes one write carries: the latest state's producer and everyone waiting for it. */
interface Batch<S> {
  produce: () => S;
  done: Promise<void>;
  settle: (error: Error | null) => void;
}

function newBatch<S>(produce: () => S): Batch<S> {
  let settle: (error: Error | null) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // A caller may ignore its save (a background change): the error still reaches onError, and an
  // unawaited rejection must not take the process down.
  done.catch(() => undefined);
  return { produce, done, settle };
}

/** `x.json.corrupt-2024-05-01T10-20-30.123Z`: ':' is not allowed in Windows file names. */
export function corruptNameFor(file: string, at: number): string {
  return `${file}.corrupt-${new Date(at).toISOString().replace(/:/g, '-')}`;
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Loads a T and saves an S: what is read may be richer than the JSON written (parsed, upgraded). */
export class JsonStore<T, S = T> {
  readonly file: string;
  private readonly parse: (raw: unknown) => T;
  private readonly debounceMs: number;
  private readonly now: () => number;
  private readonly onError: (error: Error) => void;
  /** Changes not yet being written; they all go out in the next write. */
  private next: Batch<S> | null = null;
  // Real timers on purpose: writes are I/O, so they must happen in wall-clock time even when a
  // test freezes the simulated clock.
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> | null = null;

  constructor(opts: JsonStoreOptions<T>) {
    this.file = opts.file;
    this.parse = opts.parse;
    this.debounceMs = opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.now = opts.now ?? Date.now;
    this.onError =
      opts.onError ?? ((e) => console.error(`virtdesk: could not write ${this.file}`, e));
  }

  /** Reads the file. Read errors other than "missing" are thrown: such a file is not corrupt. */
  async load(): Promise<LoadResult<T>> {
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return { status: 'missing' };
      throw e;
    }
    try {
      return { status: 'ok', data: this.parse(JSON.parse(text)) };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return { status: 'corrupt', reason, movedTo: await this.moveAside() };
    }
  }

  /**
   * Hands over the latest state; `produce` runs when the write starts, so only the latest state is
   * written. Resolves once a write holding this change is on disk; rejects with that write's error.
   */
  save(produce: () => S): Promise<void> {
    if (this.next) this.next.produce = produce;
    else this.next = newBatch(produce);
    const { done } = this.next;
    this.arm();
    return done;
  }

  /** Writes anything pending now and waits until it is on disk (a failed write went to onError). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing || this.next) {
      this.start();
      await this.writing;
    }
  }

  private arm(): void {
    if (this.timer || this.writing || !this.next) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, this.debounceMs);
  }

  private start(): void {
    if (this.writing || !this.next) return;
    const batch = this.next;
    this.next = null;
    this.writing = this.write(batch).finally(() => {
      this.writing = null;
      // Changes made during that write have waited long enough: their write starts at once.
      this.start();
    });
  }

  /** Never rejects: the batch's waiters get the outcome. */
  private async write(batch: Batch<S>): Promise<void> {
    try {
      const text = `${JSON.stringify(batch.produce(), null, 1)}\n`;
      await fsp.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, text);
      batch.settle(null);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      this.onError(error);
      batch.settle(error);
    }
  }

  private async moveAside(): Promise<string> {
    const base = corruptNameFor(this.file, this.now());
    for (let n = 0; ; n++) {
      const target = n === 0 ? base : `${base}-${n}`;
      try {
        // link + unlink rather than rename: link refuses to replace an existing file, so an earlier
        // corrupt copy with the same timestamp is never lost.
        await fsp.link(this.file, target);
        await fsp.unlink(this.file);
        return target;
      } catch (e) {
        if (errorCode(e) === 'EEXIST') continue;
        // Filesystems without hard links: rename, after checking by hand that nothing is there.
        if (errorCode(e) === 'EPERM' || errorCode(e) === 'ENOTSUP' || errorCode(e) === 'EXDEV') {
          if (await exists(target)) continue;
          await fsp.rename(this.file, target);
          return target;
        }
        throw e;
      }
    }
  }

  private async removeStaleTemps(): Promise<void> {
    let names: string[];
    try {
      names = await fsp.readdir(path.dirname(this.file));
    } catch {
      return;
    }
    await Promise.all(
      names
        .filter((name) => isTempOf(this.file, name))
        .map((name) => fsp.rm(path.join(path.dirname(this.file), name), { force: true })),
    );
  }
}

// One JSON document on disk, read once at startup and written back with coalescing: bursts of
// changes (a thousand VMs starting) become one write, yet a change reaches the disk within
// ~debounceMs. A file that cannot be understood is moved aside, never overwritten.
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
  /** Upper bound on how long a change waits before it is written. */
  debounceMs?: number;
  /** For the timestamp in a corrupt file's new name. */
  now?: () => number;
  /** A background write failed; the data is still in memory and the next save retries. */
  onError?: (error: Error) => void;
}

export const DEFAULT_DEBOUNCE_MS = 25;

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
  private pending: (() => S) | null = null;
  // Real timers on purpose: writes are I/O, so they must happen in wall-clock time even when a
  // test freezes the simulated clock.
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining: Promise<void> | null = null;

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

  /** Schedules a write; `produce` runs when the write happens, so only the latest state is written. */
  save(produce: () => S): void {
    this.pending = produce;
    this.arm();
  }

  /** Writes anything pending now and waits until it is on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.draining) await this.draining;
    if (this.pending) await this.drain();
  }

  private arm(): void {
    if (this.timer || this.draining || !this.pending) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, this.debounceMs);
  }

  private drain(): Promise<void> {
    this.draining ??= this.writeAll().finally(() => {
      this.draining = null;
      // A save that landed while the last write finished still needs its own write.
      this.arm();
    });
    return this.draining;
  }

  private async writeAll(): Promise<void> {
    while (this.pending) {
      const produce = this.pending;
      this.pending = null;
      try {
        const text = `${JSON.stringify(produce(), null, 1)}\n`;
        await fsp.mkdir(path.dirname(this.file), { recursive: true });
        await writeFileAtomic(this.file, text);
      } catch (e) {
        this.onError(e instanceof Error ? e : new Error(String(e)));
      }
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

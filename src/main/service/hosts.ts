// Opening the built-in simulated hosts from the data dir, turning what went wrong on disk into
// notices the user can read rather than a silent reset.
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../drivers/clock';
import type { HypervisorDriver } from '../drivers/driver';
import type { LoadedHost, SimCpuShape, SimHostFile } from '../drivers/simulated';
import { SimulatedHost, parseSimHostFile } from '../drivers/simulated';
import { JsonStore } from '../persistence/jsonStore';
import type { NoticeBoard } from './notices';

/** sim1 … simN; the first two have hand-made hardware and VMs, later ones generated ones. */
export function simulatedHosts(count = 2): { id: string; name: string }[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => ({
    id: `sim${i + 1}`,
    name: `sim${i + 1}`,
  }));
}

export function simulatedHostFile(dataDir: string, hostId: string): string {
  return path.join(dataDir, 'simulated', `${hostId}.json`);
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * A copy of a file in an older format, taken before the host rewrites it in the current one: an
 * older virtdesk would find the new file unreadable, and this lets its user go back.
 */
async function keepOldVersion(
  file: string,
  version: number,
  opts: { name: string; notices: NoticeBoard },
): Promise<void> {
  const copy = `${file}.v${version}`;
  try {
    await fsp.copyFile(file, copy, constants.COPYFILE_EXCL);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    opts.notices.add(
      'warning',
      `The saved state of ${opts.name} was upgraded to a new format, but the old file could not ` +
        `be kept at ${copy} (${clip(e instanceof Error ? e.message : String(e))}).`,
    );
  }
}

/** The driver for one simulated host, or null when its file exists but cannot be read at all. */
export async function openSimulatedHost(opts: {
  dataDir: string;
  id: string;
  name: string;
  clock: Clock;
  notices: NoticeBoard;
  seedVmsPerHost?: number;
  twinOf?: string;
  cpus?: SimCpuShape;
}): Promise<HypervisorDriver | null> {
  const file = simulatedHostFile(opts.dataDir, opts.id);
  let warnedWrite = false;
  const store = new JsonStore<LoadedHost, SimHostFile>({
    file,
    parse: (raw) => parseSimHostFile(raw, opts.id),
    now: () => opts.clock.now(),
    onError: (e) => {
      // Once per run: a full disk fails every write, and one notice says it all.
      if (warnedWrite) return;
      warnedWrite = true;
      opts.notices.add(
        'error',
        `Changes to ${opts.name} could not be saved to ${file}: ${clip(e.message)}. ` +
          'They are kept in memory and saving is retried on every change.',
      );
    },
  });

  let loaded: Awaited<ReturnType<typeof store.load>>;
  try {
    loaded = await store.load();
  } catch (e) {
    // Not corrupt, just unreadable (permissions, I/O error): starting fresh would overwrite it.
    opts.notices.add(
      'error',
      `Could not read ${file} (${clip(e instanceof Error ? e.message : String(e))}). ` +
        `Host ${opts.name} is not available until the file can be read.`,
    );
    return null;
  }
  if (loaded.status === 'corrupt') {
    opts.notices.add(
      'error',
      `The saved state of ${opts.name} in ${file} could not be used (${clip(loaded.reason)}). ` +
        `The file was moved to ${loaded.movedTo} and a fresh host ${opts.name} was created.`,
    );
  }
  if (loaded.status === 'ok' && loaded.data.upgradedFrom !== null) {
    await keepOldVersion(file, loaded.data.upgradedFrom, opts);
  }
  return new SimulatedHost({
    hostId: opts.id,
    name: opts.name,
    clock: opts.clock,
    store,
    saved: loaded.status === 'ok' ? loaded.data : null,
    seedVmsPerHost: opts.seedVmsPerHost ?? 0,
    twinOf: opts.twinOf,
    cpus: opts.cpus,
  });
}

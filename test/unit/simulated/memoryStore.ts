// An in-memory SimHostStore: records every snapshot the host hands over, so tests can check that
// a change was persisted before its event went out, and restart a host from what it saved.
import type { LoadedHost, SimHostFile, SimHostStore } from '../../../src/main/drivers/simulated';
import { SimulatedHost, parseSimHostFile } from '../../../src/main/drivers/simulated';
import { ManualClock } from '../../../src/main/drivers/clock';
import type { DriverEvent } from '../../../src/main/drivers/driver';

export class MemoryStore implements SimHostStore {
  saves = 0;
  last: SimHostFile | null = null;
  flushes = 0;

  async save(snapshot: () => SimHostFile): Promise<void> {
    this.saves++;
    this.last = structuredClone(snapshot());
  }

  async flush(): Promise<void> {
    this.flushes++;
  }
}

/** What a host would read back from a saved file, through JSON like the real store. */
export function reload(file: SimHostFile | null, hostId = 'sim1'): LoadedHost {
  if (file === null) throw new Error('nothing was saved');
  return parseSimHostFile(JSON.parse(JSON.stringify(file)), hostId);
}

export function makeHost(
  opts: { hostId?: string; saved?: LoadedHost | null; extra?: number; twinOf?: string } = {},
) {
  const clock = new ManualClock();
  const store = new MemoryStore();
  const hostId = opts.hostId ?? 'sim1';
  const host = new SimulatedHost({
    hostId,
    name: hostId,
    clock,
    store,
    saved: opts.saved ?? null,
    seedVmsPerHost: opts.extra ?? 0,
    twinOf: opts.twinOf,
  });
  const events: DriverEvent[] = [];
  host.onEvent((e) => events.push(e));
  return { clock, store, host, events };
}

export async function vmNamed(host: SimulatedHost, name: string) {
  const vm = (await host.vmList()).find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm;
}

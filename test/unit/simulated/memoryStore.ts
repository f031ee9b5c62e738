// An in-memory SimHostStore: records every snapshot the host hands over, so tests can check that
// a change was persisted before its event went out.
import type { SimHostFile, SimHostStore } from '../../../src/main/drivers/simulated';
import { SimulatedHost } from '../../../src/main/drivers/simulated';
import { ManualClock } from '../../../src/main/drivers/clock';
import type { DriverEvent } from '../../../src/main/drivers/driver';

export class MemoryStore implements SimHostStore {
  saves = 0;
  last: SimHostFile | null = null;
  flushes = 0;

  save(snapshot: () => SimHostFile): void {
    this.saves++;
    this.last = structuredClone(snapshot());
  }

  async flush(): Promise<void> {
    this.flushes++;
  }
}

export function makeHost(
  opts: { hostId?: string; saved?: SimHostFile | null; extra?: number } = {},
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
  });
  const events: DriverEvent[] = [];
  host.onEvent((e) => events.push(e));
  return { clock, store, host, events };
}

export async function vmNamed(host: SimulatedHost, name: string) {
  const vm = (await host.listVms()).find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm;
}

// Shared bits of the storage specs: a seeded sim1 and a check that a refused request left the
// host exactly as it was (same saved file, same pools and volumes, no events).
import { expect } from 'vitest';
import type { DiskChoice } from '../../../src/shared/deletePlan';
import { VirtdeskError } from '../../../src/shared/errors';
import type { Vm } from '../../../src/shared/model';
import type { makeHost } from '../simulated/memoryStore';

export const GiB = 2 ** 30;

export type Sim = ReturnType<typeof makeHost>;

export async function state(sim: Sim) {
  const pools = await sim.host.storage.poolList({});
  const volumes = await Promise.all(
    pools
      .filter((p) => p.state === 'active')
      .map((p) => sim.host.storage.volumeList({ pool: p.name })),
  );
  return { pools, volumes, vms: await sim.host.vmList(), file: JSON.stringify(sim.store.last) };
}

/** Runs a request that must be refused; checks the error and that nothing changed. */
export async function refusedUnchanged(
  sim: Sim,
  run: () => Promise<unknown>,
  code: string,
  message: RegExp | string,
): Promise<VirtdeskError> {
  const before = await state(sim);
  const saves = sim.store.saves;
  sim.events.length = 0;
  const e = await run().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  const err = e as VirtdeskError;
  expect(err.code).toBe(code);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  expect(sim.events).toEqual([]);
  expect(sim.store.saves).toBe(saves);
  expect(await state(sim)).toEqual(before);
  return err;
}

/** Every disk of a VM that has media, as the Delete dialog would send them all ticked. */
export function everyDisk(vm: Vm): DiskChoice[] {
  return vm.disks.flatMap((d) =>
    d.source === null ? [] : [{ target: d.target, source: d.source }],
  );
}

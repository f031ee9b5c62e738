// Snapshots in the host file: they survive a restart (console state included), files written
// before snapshots load as before, and a damaged snapshot field is refused with a reason.
import { describe, expect, it } from 'vitest';
import { BOOT_MS, parseSimHostFile } from '../../../src/main/drivers/simulated';
import type { SimHostFile } from '../../../src/main/drivers/simulated';
import { makeHost, reload } from '../simulated/memoryStore';

const vmSpec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };

async function withTree() {
  const ctx = makeHost();
  const { id } = await ctx.host.vmCreate(vmSpec);
  const snaps = ctx.host.snapshots;
  await snaps.snapshotCreate({
    vmId: id,
    ...{ name: 's1', description: 'off', withMemory: false, quiesce: false },
  });
  await ctx.host.vmStart(id);
  ctx.clock.advance(BOOT_MS);
  await snaps.snapshotCreate({
    vmId: id,
    ...{ name: 's2', description: 'up', withMemory: true, quiesce: false },
  });
  return { ...ctx, id };
}

function damaged(file: SimHostFile, id: string, change: (s: Record<string, unknown>) => void) {
  const copy = JSON.parse(JSON.stringify(file)) as SimHostFile;
  const vm = copy.vms.find((v) => v.id === id)!;
  change(vm.snapshots as unknown as Record<string, unknown>);
  return () => parseSimHostFile(copy, 'sim1');
}

describe('snapshots in the host file', () => {
  it('come back after a restart, tree, current one and guest console included', async () => {
    const { host, store, id } = await withTree();
    const before = await host.snapshots.snapshotList({ vmId: id });
    const saved = store.last!.vms.find((v) => v.id === id)!.snapshots!;
    expect(saved.list[0]!.console).toBeNull();
    expect(saved.list[1]!.console).toMatchObject({ version: 1, hostname: 'web-01' });

    const again = makeHost({ saved: reload(store.last) });
    expect(await again.host.snapshots.snapshotList({ vmId: id })).toEqual(before);
    await again.host.vmForceOff(id);
    expect(await again.host.snapshots.snapshotRevert({ vmId: id, name: 's2' })).toMatchObject({
      state: 'running',
      guest: 'up',
    });
  });

  it('leaves VMs without snapshots as they were saved before snapshots existed', async () => {
    const { store, id } = await withTree();
    const others = store.last!.vms.filter((v) => v.id !== id);
    expect(others.length).toBeGreaterThan(0);
    for (const vm of others) expect(Object.keys(vm)).not.toContain('snapshots');
    const loaded = reload(store.last);
    expect(loaded.snapshots?.get(others[0]!.id)?.list).toEqual([]);
  });

  it('refuses damaged snapshot data with a reason', async () => {
    const { store, id } = await withTree();
    const file = store.last!;
    const cases: [(s: Record<string, unknown>) => void, RegExp][] = [
      [(s) => (s.current = 'nope'), /current names nope, which is not a snapshot/],
      [(s) => (s.list = 'x'), /snapshots\.list is not a list/],
      [
        (s) => {
          const list = s.list as { xml: string }[];
          list[1]!.xml = list[1]!.xml.replace('<name>s1</name>', '<name>gone</name>');
        },
        /the parent of s2, gone, is not a snapshot/,
      ],
      [
        (s) => {
          const list = s.list as { xml: string }[];
          list[1]!.xml = list[0]!.xml;
        },
        /snapshot s1 appears twice/,
      ],
      [
        (s) => ((s.list as { xml: string }[])[0]!.xml = '<domain/>'),
        /list\[0\]\.xml: Expected a <domainsnapshot> document/,
      ],
      [
        (s) => {
          const list = s.list as { xml: string }[];
          list[0]!.xml = list[0]!.xml.replace(
            /<uuid>[^<]*<\/uuid>/,
            '<uuid>00000000-0000-4000-8000-000000000000</uuid>',
          );
        },
        /is a snapshot of domain 00000000-0000-4000-8000-000000000000/,
      ],
      [(s) => ((s.list as { sizeBytes: unknown }[])[1]!.sizeBytes = -1), /sizeBytes/],
    ];
    for (const [change, message] of cases) {
      expect(damaged(file, id, change)).toThrow(message);
    }
  });
});

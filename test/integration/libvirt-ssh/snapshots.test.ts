// Domain snapshots of vd-tiny through the libvirt-ssh driver on the real testbed: internal
// snapshots with memory of the running qcow2 guest, a revert that really brings back what was
// changed after the snapshot, the three delete modes, and libvirt's refusals with their codes.
// Each scenario runs twice: over SSH, and as the local hypervisor (qemu:///system, no SSH).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverEvent } from '../../../src/main/drivers/driver';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { Vm } from '../../../src/shared/model';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed } from '../../support/testbed';

const run = promisify(execFile);
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let cleanupHome: () => void;
let tiny: Vm;
const seen: DriverEvent[] = [];

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;

/** vd-tiny shut off, without snapshots and with its testbed description. */
async function clean(): Promise<void> {
  const state = (await virsh('domstate', tb.guest.name)).trim();
  if (state !== 'shut off') await virsh('destroy', tb.guest.name);
  const names = (await virsh('snapshot-list', tb.guest.name, '--name', '--topological'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .reverse();
  for (const n of names) await virsh('snapshot-delete', tb.guest.name, n);
  await virsh('desc', tb.guest.name, '--config', '--new-desc', '');
}

const description = async () => (await virsh('desc', tb.guest.name, '--config')).trim();

describe.each(TRANSPORTS)('libvirt over %s: snapshots', (transport) => {
  beforeAll(async () => {
    seen.length = 0;
    tb = requireTestbed();
    await clean();
    ({ driver, cleanupHome } = await connectKeyDriver(tb, {
      transport,
      beforeConnect: (d) => {
        d.onEvent((e) => seen.push(e));
      },
    }));
    tiny = (await driver.vmList()).find((v) => v.name === tb.guest.name)!;
    expect(tiny).toBeDefined();
  });

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    if (tb) await clean();
  });

  it('takes a memory snapshot, reverts a change made after it, and deletes it', async () => {
    expect(await driver.snapshots.snapshotList({ vmId: tiny.id })).toEqual([]);
    await virsh('desc', tb.guest.name, '--config', '--new-desc', 'before');
    await driver.vmStart(tiny.id);
    const from = seen.length;
    const s1 = await driver.snapshots.snapshotCreate({
      vmId: tiny.id,
      name: 's1',
      description: 'first snapshot',
      withMemory: true,
      quiesce: false,
    });
    expect(s1).toMatchObject({
      name: 's1',
      description: 'first snapshot',
      state: 'running',
      hasMemory: true,
      parent: null,
      isCurrent: true,
      external: false,
    });
    expect(Math.abs(s1.createdAt - Date.now())).toBeLessThan(60_000);
    expect(seen.slice(from)).toContainEqual({
      type: 'snapshots-changed',
      hostId: 'tb',
      vmId: tiny.id,
    });

    await virsh('desc', tb.guest.name, '--config', '--new-desc', 'after');
    expect(await description()).toBe('after');
    const vm = await driver.snapshots.snapshotRevert({ vmId: tiny.id, name: 's1' });
    expect(vm.state).toBe('running');
    expect(await description()).toBe('before');

    expect(
      await driver.snapshots.snapshotDelete({ vmId: tiny.id, name: 's1', mode: 'one' }),
    ).toEqual({ deleted: ['s1'] });
    expect(await driver.snapshots.snapshotList({ vmId: tiny.id })).toEqual([]);
  });

  it('builds s1 → s2, refuses a duplicate name, and deletes the subtree', async () => {
    const spec = { description: '', withMemory: true, quiesce: false };
    await driver.snapshots.snapshotCreate({ vmId: tiny.id, ...spec, name: 's1' });
    await driver.snapshots.snapshotCreate({ vmId: tiny.id, ...spec, name: 's2' });
    const list = await driver.snapshots.snapshotList({ vmId: tiny.id });
    expect(list.map((s) => [s.name, s.parent, s.isCurrent])).toEqual([
      ['s1', null, false],
      ['s2', 's1', true],
    ]);
    await expect(
      driver.snapshots.snapshotCreate({ vmId: tiny.id, ...spec, name: 's1' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A snapshot named s1 already exists for vd-tiny.',
    });
    await expect(
      driver.snapshots.snapshotCreate({ vmId: tiny.id, ...spec, name: 's3', withMemory: false }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('external') });
    await expect(
      driver.snapshots.snapshotRevert({ vmId: tiny.id, name: 'nope' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await driver.snapshots.snapshotDelete({ vmId: tiny.id, name: 's1', mode: 'subtree' }),
    ).toEqual({
      deleted: ['s1', 's2'],
    });
    expect(await driver.snapshots.snapshotList({ vmId: tiny.id })).toEqual([]);
  });

  it('takes disk snapshots of the shut-off VM and deletes children only', async () => {
    await driver.vmForceOff(tiny.id);
    const spec = { description: 'off', withMemory: false, quiesce: false };
    await driver.snapshots.snapshotCreate({ vmId: tiny.id, ...spec, name: 'a' });
    await driver.snapshots.snapshotCreate({ vmId: tiny.id, ...spec, name: 'b' });
    const [a] = await driver.snapshots.snapshotList({ vmId: tiny.id });
    expect(a).toMatchObject({ name: 'a', state: 'shutoff', hasMemory: false, external: false });
    expect(
      await driver.snapshots.snapshotDelete({ vmId: tiny.id, name: 'a', mode: 'children-only' }),
    ).toEqual({
      deleted: ['b'],
    });
    expect((await driver.snapshots.snapshotList({ vmId: tiny.id })).map((s) => s.name)).toEqual([
      'a',
    ]);
    await driver.snapshots.snapshotDelete({ vmId: tiny.id, name: 'a', mode: 'one' });
    expect(await driver.snapshots.snapshotList({ vmId: tiny.id })).toEqual([]);
  });
});

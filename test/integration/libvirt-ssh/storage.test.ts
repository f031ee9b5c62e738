// Storage pools and volumes through the libvirt-ssh driver on the real testbed: a qcow2 volume
// created, resized, cloned and deleted in vd-pool (sizes checked with vol-info --bytes), the
// 64 MiB vd-small pool refusing a volume it cannot hold, a volume in use refused for delete, and
// a pool stop / start / refresh round trip, a dir pool defined (and built) through the driver, and
// a volume attached to the shut-off vd-tiny.
// Each scenario runs twice: over SSH, and as the local hypervisor (qemu:///system, no SSH).
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed } from '../../support/testbed';

const run = promisify(execFile);
const env = { ...process.env, LC_ALL: 'C' };
const MiB = 1024 * 1024;
const VOLS = ['vd-it-a.qcow2', 'vd-it-b.qcow2'];
const DEF_POOL = 'vd-test-def';
const ATT_VOL = 'vd-it-attach.qcow2';

let tb: TestbedInfo;
let small: { name: string; path: string; capacityBytes: number };
let driver: LibvirtSshDriver;
let cleanupHome: () => void;

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;
const capacity = async (pool: string, vol: string) =>
  Number(/^Capacity:\s+(\d+)/m.exec(await virsh('vol-info', '--pool', pool, vol, '--bytes'))?.[1]);

const defDir = () => `${tb.dir}/vd-test-def-dir`;

async function clean(): Promise<void> {
  await virsh('pool-start', small.name).catch(() => {});
  await virsh('pool-destroy', DEF_POOL).catch(() => {});
  await virsh('pool-undefine', DEF_POOL).catch(() => {});
  rmSync(defDir(), { recursive: true, force: true });
  const attached = `${tb.pool.path}/${ATT_VOL}`;
  await virsh('detach-disk', tb.guest.name, attached, '--config').catch(() => {});
  await virsh('vol-delete', '--pool', tb.pool.name, ATT_VOL).catch(() => {});
  for (const pool of [tb.pool.name, small.name])
    for (const v of [...VOLS, 'too-big.qcow2'])
      await virsh('vol-delete', '--pool', pool, v).catch(() => {});
}

describe.each(TRANSPORTS)('libvirt over %s: storage', (transport) => {
  beforeAll(async () => {
    tb = requireTestbed();
    small = (tb as TestbedInfo & { smallPool?: typeof small }).smallPool!;
    if (!small) throw new Error('testbed.json has no smallPool: run npm run testbed:up');
    await clean();
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport }));
  });

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    if (tb) await clean();
  });

  it('lists the pools with their sizes', async () => {
    const pools = await driver.storage.poolList();
    const s = pools.find((p) => p.name === small.name);
    expect(s).toMatchObject({ type: 'dir', state: 'active', targetPath: small.path });
    expect(s!.capacityBytes).toBe(small.capacityBytes);
    expect(pools.find((p) => p.name === tb.pool.name)?.state).toBe('active');
  });

  it('creates, resizes, clones and deletes a qcow2 volume in vd-pool', async () => {
    const pool = tb.pool.name;
    const [a, b] = VOLS as [string, string];
    const vol = await driver.storage.volumeCreate({
      pool,
      name: a,
      format: 'qcow2',
      capacityBytes: 10 * MiB,
    });
    expect(vol).toMatchObject({ pool, name: a, format: 'qcow2', capacityBytes: 10 * MiB });
    expect(await capacity(pool, a)).toBe(10 * MiB);
    await expect(
      driver.storage.volumeCreate({ pool, name: a, format: 'qcow2', capacityBytes: MiB }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await driver.storage.volumeResize({ pool, name: a, capacityBytes: 20 * MiB });
    expect(await capacity(pool, a)).toBe(20 * MiB);
    const clone = await driver.storage.volumeClone({ pool, name: a, newName: b });
    expect(clone).toMatchObject({ name: b, format: 'qcow2', capacityBytes: 20 * MiB });
    const names = (await driver.storage.volumeList({ pool })).map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining([a, b]));
    for (const name of [a, b]) await driver.storage.volumeDelete({ pool, name });
    const after = (await driver.storage.volumeList({ pool })).map((v) => v.name);
    expect(after).not.toContain(a);
    expect(after).not.toContain(b);
  });

  it('refuses a volume larger than the free space of vd-small, creating nothing', async () => {
    await expect(
      driver.storage.volumeCreate({
        pool: small.name,
        name: 'too-big.qcow2',
        format: 'qcow2',
        capacityBytes: 100 * MiB,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(
        /^Not enough space in vd-small: 100 MiB requested, .* available\.$/,
      ),
    });
    expect(await virsh('vol-list', '--pool', small.name)).not.toContain('too-big');
  });

  it('refuses to delete the volume vd-tiny uses, naming vd-tiny', async () => {
    // vd-tiny's disk sits in the guests directory: a pool over that directory, for this test only.
    const pool = 'vd-it-guests';
    const dir = tb.guest.disk.slice(0, tb.guest.disk.lastIndexOf('/'));
    const disk = tb.guest.disk.slice(dir.length + 1);
    await virsh('pool-create-as', pool, 'dir', '--target', dir);
    try {
      const vol = (await driver.storage.volumeList({ pool })).find((v) => v.name === disk);
      expect(vol?.usedBy.map((u) => u.vmName)).toEqual([tb.guest.name]);
      await expect(driver.storage.volumeDelete({ pool, name: disk })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `Volume ${disk} is used by VM ${tb.guest.name}: detach it first.`,
      });
    } finally {
      await virsh('pool-destroy', pool);
    }
  });

  it('stops, starts and refreshes vd-small', async () => {
    const stopped = await driver.storage.poolStop({ pool: small.name });
    expect(stopped).toMatchObject({ state: 'inactive', capacityBytes: 0 });
    await expect(
      driver.storage.volumeCreate({
        pool: small.name,
        name: VOLS[0]!,
        format: 'raw',
        capacityBytes: MiB,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await driver.storage.poolStart({ pool: small.name })).toMatchObject({ state: 'active' });
    const refreshed = await driver.storage.poolRefresh({ pool: small.name });
    expect(refreshed.capacityBytes).toBe(small.capacityBytes);
  });

  it('defines a dir pool (building its missing directory), starts, lists and removes it', async () => {
    const path = defDir();
    const defined = await driver.storage.poolDefine({
      spec: { type: 'dir', name: DEF_POOL, path },
    });
    expect(defined).toMatchObject({ name: DEF_POOL, type: 'dir', state: 'inactive' });
    expect(defined.targetPath).toBe(path);
    expect(await virsh('pool-dumpxml', DEF_POOL)).toContain(`<path>${path}</path>`);
    await expect(
      driver.storage.poolDefine({ spec: { type: 'dir', name: DEF_POOL, path: `${path}-2` } }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `A pool named ${DEF_POOL} already exists.`,
    });
    await expect(
      driver.storage.poolDefine({ spec: { type: 'dir', name: 'vd-test-def2', path } }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Storage source conflict with pool ${DEF_POOL}: it uses the same target path.`,
    });
    expect(await driver.storage.poolStart({ pool: DEF_POOL })).toMatchObject({ state: 'active' });
    const listed = (await driver.storage.poolList()).find((p) => p.name === DEF_POOL);
    expect(listed).toMatchObject({ state: 'active', targetPath: path });
    await driver.storage.poolStop({ pool: DEF_POOL });
    await driver.storage.poolUndefine({ pool: DEF_POOL });
    expect(await virsh('pool-list', '--all', '--name')).not.toContain(DEF_POOL);
  });

  it('attaches a vd-pool volume to the shut-off vd-tiny as the next virtio disk', async () => {
    const pool = tb.pool.name;
    const vm = (await driver.vmList()).find((v) => v.name === tb.guest.name)!;
    expect(vm.state).toBe('shutoff');
    const vol = await driver.storage.volumeCreate({
      pool,
      name: ATT_VOL,
      format: 'qcow2',
      capacityBytes: 8 * MiB,
    });
    const events: string[] = [];
    const off = driver.onEvent((e) => {
      if (e.type === 'vm-changed' && e.vm.id === vm.id) events.push(e.type);
    });
    try {
      const taken = vm.disks.map((d) => d.target);
      const res = await driver.storage.volumeAttach({
        pool,
        name: ATT_VOL,
        vmId: vm.id,
        bus: 'virtio',
      });
      expect(res.live).toBe(false);
      expect(res.target).toMatch(/^vd[b-z]$/);
      expect(taken).not.toContain(res.target);
      expect(res.vm.disks.find((d) => d.target === res.target)?.source).toBe(vol.path);
      expect(events).toContain('vm-changed');
      const xml = await virsh('dumpxml', '--inactive', tb.guest.name);
      const disk = xml.split('<disk ').find((d) => d.includes(vol.path));
      expect(disk).toContain(`<target dev='${res.target}' bus='virtio'/>`);
      expect(disk).toContain("type='qcow2'");
      const listed = (await driver.storage.volumeList({ pool })).find((v) => v.name === ATT_VOL);
      expect(listed?.usedBy.map((u) => u.vmName)).toEqual([tb.guest.name]);
      await expect(
        driver.storage.volumeAttach({ pool, name: ATT_VOL, vmId: vm.id, bus: 'virtio' }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `${ATT_VOL} is already a disk of ${tb.guest.name}.`,
      });
      await virsh('detach-disk', tb.guest.name, res.target, '--config');
    } finally {
      off();
    }
    await virsh('vol-delete', '--pool', pool, ATT_VOL);
  });
});

import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/drivers/clock';
import { BOOT_MS } from '../../../src/main/drivers/simulated';
import { simulatedHostFile } from '../../../src/main/service';
import { open, tempDir, vmId } from '../service/helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the data dir across restarts', () => {
  it('writes one versioned JSON file per host and restores VMs and states', async () => {
    const a = await open(dir);
    const created = await a.call('vmCreate', {
      hostId: 'sim1',
      spec: { name: 'web-01', vcpus: 1, memoryMiB: 512, diskGiB: 0, network: 'br0-lan' },
    });
    const ref = { hostId: 'sim1', vmId: created.id };
    await a.call('vmStart', ref);
    a.clock.advance(BOOT_MS);
    const k3s = { hostId: 'sim1', vmId: await vmId(a, 'sim1', 'k3s-node-1') };
    await a.call('vmStart', k3s);
    const pihole = { hostId: 'sim2', vmId: await vmId(a, 'sim2', 'pihole') };
    await a.call('vmShutdown', pihole);
    const before = await a.call('vmList', { hostId: 'sim1' });
    await a.service.close();

    expect((await readdir(path.join(dir, 'simulated'))).sort()).toEqual(['sim1.json', 'sim2.json']);
    const file = JSON.parse(await readFile(simulatedHostFile(dir, 'sim1'), 'utf8'));
    expect(file).toMatchObject({ version: 2, hostId: 'sim1' });
    const saved = file.vms.find((v: { id: string }) => v.id === created.id);
    expect(saved).toMatchObject({ state: 'running', guest: 'up', autostart: false });
    expect(saved.config).toContain('<name>web-01</name>');
    expect(saved.live).toBe(saved.config);

    const b = await open(dir);
    expect(await b.call('vmList', { hostId: 'sim1' })).toEqual(before);
    expect(await b.call('vmGet', ref)).toMatchObject({ state: 'running', guest: 'up' });
    expect(await b.call('vmGet', k3s)).toMatchObject({ state: 'running', guest: 'booting' });
    expect(await b.call('vmGet', pihole)).toMatchObject({ state: 'shutoff', guest: null });
    b.clock.advance(BOOT_MS);
    expect((await b.call('vmGet', k3s)).guest).toBe('up');
    expect(await b.call('noticeList', {})).toEqual([]);
    await b.service.close();
  });

  it('gets a change onto disk within ~100 ms without close', async () => {
    const a = await open(dir);
    const vm = await a.call('vmCreate', {
      hostId: 'sim2',
      spec: { name: 'quick', vcpus: 1, memoryMiB: 512, diskGiB: 1, network: 'default' },
    });
    await sleep(100);
    const file = JSON.parse(await readFile(simulatedHostFile(dir, 'sim2'), 'utf8'));
    expect(file.vms.map((v: { id: string }) => v.id)).toContain(vm.id);
    await a.service.close();
  });

  it('moves a corrupt host file aside, says so, and starts that host fresh', async () => {
    const file = simulatedHostFile(dir, 'sim1');
    await mkdir(path.dirname(file), { recursive: true });
    const garbage = '{"version":1,"hostId":"sim1","vms":[{"oops"';
    await writeFile(file, garbage);
    const clock = new ManualClock(Date.UTC(2025, 0, 2, 3, 4, 5, 6));
    const a = await open(dir, clock);

    const movedTo = `${file}.corrupt-2025-01-02T03-04-05.006Z`;
    expect(await readFile(movedTo, 'utf8')).toBe(garbage);
    const notices = await a.call('noticeList', {});
    expect(notices).toHaveLength(1);
    expect(notices[0]!.level).toBe('error');
    expect(notices[0]!.message).toContain(file);
    expect(notices[0]!.message).toContain(movedTo);
    expect(notices[0]!.message).toMatch(/fresh host sim1 was created/);
    expect((await a.call('vmList', { hostId: 'sim1' })).map((v) => v.name)).toContain('pfsense');
    // The other host is untouched.
    expect((await a.call('vmList', { hostId: 'sim2' })).length).toBe(4);

    expect(await a.call('noticeDismiss', { noticeId: notices[0]!.id })).toEqual({
      dismissed: true,
    });
    expect(await a.call('noticeList', {})).toEqual([]);
    await a.service.close();
    // The fresh host was written next to, not over, the moved copy.
    expect(await readFile(movedTo, 'utf8')).toBe(garbage);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(2);
  });

  it('pushes a notice event when a later write fails, and the request says it was not saved', async () => {
    await (await open(dir)).service.close();
    const b = await open(dir);
    const simDir = path.join(dir, 'simulated');
    // A file where the host's directory should be: every later write fails.
    await rm(simDir, { recursive: true });
    await writeFile(simDir, 'not a directory');
    const id = await vmId(b, 'sim1', 'k3s-node-1');
    await expect(b.call('vmStart', { hostId: 'sim1', vmId: id })).rejects.toMatchObject({
      code: 'HOST_ERROR',
      message: expect.stringMatching(/was made but could not be saved to disk/),
    });
    // The change stays in memory and was announced: the UI shows what the host holds.
    expect((await b.call('vmGet', { hostId: 'sim1', vmId: id })).state).toBe('running');
    expect(b.events.some((e) => e.type === 'vm-changed' && e.vm.id === id)).toBe(true);
    const notice = b.events.find((e) => e.type === 'notice');
    expect(notice).toBeDefined();
    if (notice?.type === 'notice') expect(notice.notice.message).toMatch(/could not be saved/);
    await b.service.close();
  });

  it('seeds 1,000 VMs across two hosts, one file per host, and reads them back', async () => {
    const a = await open(dir, new ManualClock(), 500);
    const list = async (o: typeof a) => [
      ...(await o.call('vmList', { hostId: 'sim1' })),
      ...(await o.call('vmList', { hostId: 'sim2' })),
    ];
    const vms = await list(a);
    await a.service.close();
    expect(vms.length).toBe(1009);
    expect((await readdir(path.join(dir, 'simulated'))).sort()).toEqual(['sim1.json', 'sim2.json']);
    const b = await open(dir);
    expect(await list(b)).toEqual(vms);
    await b.service.close();
  });
});

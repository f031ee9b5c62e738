// A VM's Hardware group through the libvirt-ssh driver on the real testbed, over SSH and locally,
// on a diskless vd-tiny clone of this suite's own (hwl-hw-…; vd-tiny itself is never touched).
// While it is shut off, its maximum vCPUs is raised to 2 (a define only); then, running: one more
// vCPU with `setvcpus --live` (virsh vcpucount), the balloon down with `setmem --live` (dominfo),
// vCPUs and the emulator pinned and read back with `virsh vcpupin` / `emulatorpin`; a pin to
// pCPU 999 is refused and changes neither definition. hardwareGet's host facts equal
// `capabilities` and `freepages --all` (node-memory-tune is tuningGet's, in tuning.test.ts).
// Last, a live step libvirt refuses (taking away a vCPU the VM booted with) after the define.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostVirsh } from '../../../bench/support/hostVirsh';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { parseFreePages } from '../../../src/main/drivers/libvirt-ssh/host';
import { VirtdeskError } from '../../../src/shared/errors';
import type { HardwareChange, PinningSettings } from '../../../src/shared/hardware';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TinyClone } from '../../support/tinyClone';
import { defineTinyClone, removeTinyClone } from '../../support/tinyClone';

let tb: TestbedInfo;

const virsh = (...args: string[]) => hostVirsh(tb.libvirt.system, ...args);

/** `virsh vcpucount`: "current live 2" → 2. */
async function vcpuCount(name: string, which: 'current' | 'maximum', where: 'live' | 'config') {
  const text = await virsh('vcpucount', name);
  return Number(new RegExp(`^${which}\\s+${where}\\s+(\\d+)`, 'm').exec(text)?.[1]);
}

/** `virsh vcpupin NAME` rows: vCPU → its CPU affinity as virsh prints it. */
async function vcpuAffinity(name: string): Promise<string[]> {
  return [...(await virsh('vcpupin', name)).matchAll(/^\s*(\d+)\s+(\S+)\s*$/gm)].map(
    (m) => `${m[1]}:${m[2]}`,
  );
}

describe.each(TRANSPORTS)('libvirt over %s: VM hardware', (transport) => {
  let driver: LibvirtSshDriver;
  let cleanupHome: () => void;
  let clone: TinyClone;

  beforeAll(async () => {
    tb = requireTestbed();
    clone = { name: `hwl-hw-${transport}`, uuid: '' };
    // A clone left by an interrupted run goes first.
    await virsh('destroy', clone.name).catch(() => {});
    await virsh('undefine', clone.name).catch(() => {});
    clone = await defineTinyClone(tb, clone.name);
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport }));
    await waitUntil(vmKnown, 10_000, `${clone.name} in the tree`);
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    if (clone?.uuid) await removeTinyClone(tb, clone);
  });

  const vmKnown = async () => (await driver.vmList()).some((v) => v.id === clone.uuid);
  const apply = (change: HardwareChange) =>
    driver.hardware.hardwareApply({ vmId: clone.uuid, change });

  it('shows the host as capabilities and freepages --all say', async () => {
    const v = await driver.hardware.hardwareGet({ vmId: clone.uuid });
    expect(v.running).toBe(false);
    expect(v.hardware.cpu).toMatchObject({
      vcpus: 1,
      maxVcpus: 1,
      mode: 'custom',
      model: 'qemu64',
    });
    const caps = await virsh('capabilities');
    const ids = [...caps.matchAll(/<cpu id='(\d+)' socket_id/g)].map((m) => Number(m[1]));
    expect(v.host.cpus.map((c) => c.id)).toEqual(ids);
    const free = parseFreePages(await virsh('freepages', '--all'));
    const pools = v.host.nodes.flatMap((n) =>
      n.hugepages.map((p) => [n.id, p.sizeKiB, p.free] as const),
    );
    expect(pools.length).toBeGreaterThan(0);
    for (const [node, size, n] of pools) expect(n).toBe(free.get(node)?.get(size));
    const domcaps = await virsh('domcapabilities', '--virttype', 'qemu', '--arch', 'x86_64');
    expect(v.host.maxVcpus).toBe(Number(/<vcpu max='(\d+)'/.exec(domcaps)?.[1]));
    expect(v.host.cpuModels).toContain('qemu64');
    expect(v.host.interfaces).toContain('eth0');
    expect(v.host.pins.some((p) => p.vmId === clone.uuid)).toBe(false);
  });

  it('raises the maximum while shut off (a define), then hot-adds a vCPU and balloons down live', async () => {
    const first = await apply({
      section: 'cpu',
      cpu: { vcpus: 1, maxVcpus: 2, mode: 'custom', model: 'qemu64', topology: null },
    });
    expect(first.view.hardware.cpu.maxVcpus).toBe(2);
    expect(await vcpuCount(clone.name, 'maximum', 'config')).toBe(2);
    expect(first.steps.every((s) => s.when === 'next-boot')).toBe(true);

    await driver.vmStart(clone.uuid);
    await waitUntil(
      async () => (await driver.vmGet(clone.uuid)).state === 'running',
      20_000,
      'running',
    );
    // The guest's kernel must be up to take a vCPU and to answer the balloon.
    await new Promise((r) => setTimeout(r, 6000));

    const more = await apply({
      section: 'cpu',
      cpu: { vcpus: 2, maxVcpus: 2, mode: 'custom', model: 'qemu64', topology: null },
    });
    expect(more.steps.map((s) => s.live)).toContainEqual({ verb: 'setvcpus', count: 2 });
    expect(await vcpuCount(clone.name, 'current', 'live')).toBe(2);
    expect(more.view.running).toBe(true);
    expect(more.view.hardware.cpu.vcpus).toBe(2);
    // The tree counts vCPUs online, as dominfo's CPU(s) does (and the simulated hosts).
    const dominfo = await virsh('dominfo', clone.name);
    expect(Number(/^CPU\(s\):\s+(\d+)$/m.exec(dominfo)?.[1])).toBe(2);
    expect((await driver.vmGet(clone.uuid)).vcpus).toBe(2);

    const current = (await driver.hardware.hardwareGet({ vmId: clone.uuid })).hardware.memory;
    const less = await apply({ section: 'memory', memory: { ...current, currentKiB: 196_608 } });
    expect(less.steps.map((s) => s.live)).toContainEqual({ verb: 'setmem', kib: 196_608 });
    await waitUntil(
      async () => /^Used memory:\s+196608 KiB$/m.test(await virsh('dominfo', clone.name)),
      20_000,
      'dominfo to show the balloon at 196608 KiB',
    );
    expect(less.view.hardware.memory.currentKiB).toBe(196_608);
    expect(await virsh('dumpxml', '--inactive', clone.name)).toContain(
      "<currentMemory unit='KiB'>196608</currentMemory>",
    );
  }, 90_000);

  it('pins vCPUs and the emulator live; virsh vcpupin / emulatorpin read them back', async () => {
    const now = (await driver.hardware.hardwareGet({ vmId: clone.uuid })).hardware.pinning;
    const pinning: PinningSettings = { ...now, vcpus: [[1], [0]], emulator: [1] };
    const r = await apply({ section: 'pinning', pinning });
    expect(r.steps.filter((s) => s.live !== null).map((s) => s.live?.verb)).toEqual(
      expect.arrayContaining(['vcpupin', 'vcpupin', 'emulatorpin']),
    );
    expect(await vcpuAffinity(clone.name)).toEqual(['0:1', '1:0']);
    // `virsh -q emulatorpin` prints the affinity alone ("1"); plain virsh as "*: 1".
    expect(await virsh('emulatorpin', clone.name)).toMatch(/^(\*:\s+)?1$/);
    // The persistent definition keeps them for the next boot.
    const config = await virsh('dumpxml', '--inactive', clone.name);
    expect(config).toContain("<vcpupin vcpu='0' cpuset='1'/>");
    expect(config).toContain("<emulatorpin cpuset='1'/>");
    expect(r.view.hardware.pinning.vcpus).toEqual([[1], [0]]);
  }, 60_000);

  it('refuses a pin to pCPU 999 and changes nothing', async () => {
    const before = [
      await virsh('dumpxml', '--inactive', clone.name),
      await virsh('dumpxml', clone.name),
    ];
    const now = (await driver.hardware.hardwareGet({ vmId: clone.uuid })).hardware.pinning;
    const plan = await driver.hardware.hardwarePlan({
      vmId: clone.uuid,
      change: { section: 'pinning', pinning: { ...now, vcpus: [[999], [0]] } },
    });
    expect(plan.refusal).toMatch(/999/);
    const e = await apply({ section: 'pinning', pinning: { ...now, vcpus: [[999], [0]] } }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as VirtdeskError).message).toBe(plan.refusal);
    expect([
      await virsh('dumpxml', '--inactive', clone.name),
      await virsh('dumpxml', clone.name),
    ]).toEqual(before);
  });

  it('a live step libvirt refuses after the define is reported in its words; the definition is kept', async () => {
    // Booted with both vCPUs, neither is hot-pluggable: QEMU cannot take one away while running.
    await driver.vmForceOff(clone.uuid);
    await waitUntil(
      async () => (await driver.vmGet(clone.uuid)).state === 'shutoff',
      20_000,
      'shut off',
    );
    const cpu = { vcpus: 2, maxVcpus: 2, mode: 'custom' as const, model: 'qemu64', topology: null };
    await apply({ section: 'cpu', cpu });
    await driver.vmStart(clone.uuid);
    await waitUntil(
      async () => (await driver.vmGet(clone.uuid)).state === 'running',
      20_000,
      'running',
    );
    const e = await apply({ section: 'cpu', cpu: { ...cpu, vcpus: 1 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as VirtdeskError).message).toBe(
      `${clone.name}'s new definition is saved and applies at its next boot, but the running VM did not take every change. ` +
        'Applied now: none. Failed: vCPUs 2 → 1: unsupported configuration: failed to find appropriate hotpluggable vcpus to reach the desired target vcpu count. Not tried: none.',
    );
    expect(await vcpuCount(clone.name, 'current', 'config')).toBe(1);
    expect(await vcpuCount(clone.name, 'current', 'live')).toBe(2);
    const v = await driver.hardware.hardwareGet({ vmId: clone.uuid });
    expect(v.hardware.cpu.vcpus).toBe(2);
    expect((await driver.vmGet(clone.uuid)).vcpus).toBe(2);
  }, 60_000);
});

// The simulated host's Hardware capability: the tab's view and host facts for sim2's
// win11-gaming, plans and applies on running and shut-off VMs (live verbs land in the live
// definition, the rest in the persistent one), libvirt's refusals with nothing changed, and
// hugepages taken from the Tuning pools at start, given back at stop, refused when short.
import { describe, expect, it } from 'vitest';
import { STATS_INTERVAL_MS } from '../../../src/shared/model';
import type { StatsTick } from '../../../src/shared/model';
import { VirtdeskError } from '../../../src/shared/errors';
import { readHardware } from '../../../src/shared/libvirt-xml';
import { validateRequest } from '../../../src/shared/validation';
import type { HardwareChange, VmHardware } from '../../../src/shared/hardware';
import { makeHost, reload, vmNamed } from './memoryStore';

const GiB = 1024 * 1024;

async function sim2() {
  const ctx = makeHost({ hostId: 'sim2' });
  const win = await vmNamed(ctx.host, 'win11-gaming');
  const plex = await vmNamed(ctx.host, 'plex');
  return { ...ctx, win, plex };
}

async function node1Gig(ctx: Awaited<ReturnType<typeof sim2>>) {
  const t = await ctx.host.tuning.tuningGet();
  return t.nodes[1]?.hugepages.find((p) => p.sizeKiB === GiB);
}

function sections(hw: VmHardware): HardwareChange[] {
  return [
    { section: 'cpu', cpu: hw.cpu },
    { section: 'pinning', pinning: hw.pinning },
    { section: 'memory', memory: hw.memory },
    { section: 'disks', disks: hw.disks },
    { section: 'nics', nics: hw.nics },
  ];
}

describe('simulated hardware', () => {
  it('every seeded VM’s sections, sent back unchanged, pass the schema and change nothing', async () => {
    for (const hostId of ['sim1', 'sim2']) {
      const { host } = makeHost({ hostId });
      for (const vm of await host.vmList()) {
        const view = await host.hardware.hardwareGet({ vmId: vm.id });
        const { xml } = await host.vmGetXml(vm.id);
        for (const change of sections(view.hardware)) {
          const params = { hostId, vmId: vm.id, change };
          expect(validateRequest('hardwarePlan', params).params).toEqual(params);
          const plan = await host.hardware.hardwarePlan({ vmId: vm.id, change });
          expect(plan.refusal).toBeNull();
          expect(plan.steps).toEqual([]);
          expect(plan.xmlAfter).toBe(xml);
        }
      }
    }
  });

  it('offers hardware as a capability', () => {
    const { host } = makeHost();
    expect(host.getHost().capabilities.hardware).toBe(true);
  });

  it('shows win11-gaming’s 12 pinned vCPUs and sim2’s map, models, pools and sources', async () => {
    const { host, win } = await sim2();
    const view = await host.hardware.hardwareGet({ vmId: win.id });
    expect(view.running).toBe(false);
    expect(view.hardware.cpu).toMatchObject({ vcpus: 12, maxVcpus: 12 });
    expect(view.hardware.pinning.vcpus).toHaveLength(12);
    expect(view.hardware.pinning.numatune).toEqual({ mode: 'strict', nodeset: [1] });
    expect(view.hardware.memory.hugepages?.sizeKiB).toBe(GiB);
    // The e2e pins all 12 onto node 1: it must have at least 12 pCPUs.
    const node1 = view.host.cpus.filter((c) => c.node === 1);
    expect(node1.length).toBeGreaterThanOrEqual(12);
    expect(view.host.cpus).toHaveLength(64);
    expect(view.host.maxVcpus).toBe(64);
    expect(view.host.cpuModels).toContain('Icelake-Server');
    expect(view.host.cpuModels).not.toContain('EPYC');
    expect(view.host.nodes.map((n) => n.id)).toEqual([0, 1]);
    expect(view.host.networks.length).toBeGreaterThan(0);
    expect(view.host.bridges).toContain('br0');
  });

  it('names a running VM whose pins another VM’s plan shares', async () => {
    const { host, win, plex } = await sim2();
    await host.vmStart(win.id);
    const hw = (await host.hardware.hardwareGet({ vmId: plex.id })).hardware;
    const vcpus = hw.pinning.vcpus.map((_, i) => [20 + i]);
    const plan = await host.hardware.hardwarePlan({
      vmId: plex.id,
      change: { section: 'pinning', pinning: { ...hw.pinning, vcpus } },
    });
    expect(plan.refusal).toBeNull();
    expect(plan.warnings).toContain(
      'CPU 20-23 are also pinned by win11-gaming, which is running: the two VMs will compete for them.',
    );
  });

  it('pins a running VM live: both definitions get the <cputune>, nothing pending', async () => {
    const { host, plex, events } = await sim2();
    const hw = (await host.hardware.hardwareGet({ vmId: plex.id })).hardware;
    const vcpus = hw.pinning.vcpus.map((_, i) => [40 + i]);
    events.length = 0;
    const applied = await host.hardware.hardwareApply({
      vmId: plex.id,
      change: { section: 'pinning', pinning: { ...hw.pinning, vcpus, emulator: [16, 48] } },
    });
    expect(applied.steps.every((s) => s.when === 'now')).toBe(true);
    expect(applied.steps).toHaveLength(5);
    const { xml, liveXml } = await host.vmGetXml(plex.id);
    for (const doc of [xml, liveXml ?? '']) {
      expect(doc).toContain("<vcpupin vcpu='3' cpuset='43'/>");
      expect(doc).toContain("<emulatorpin cpuset='16,48'/>");
    }
    expect((await host.vmGet(plex.id)).pendingChanges).toBe(false);
    expect(events.some((e) => e.type === 'vm-changed' && e.vm.id === plex.id)).toBe(true);
  });

  it('changes vCPUs of a running VM live, the maximum at next boot', async () => {
    const { host } = await sim2();
    const dev = await vmNamed(host, 'dev-debian'); // paused: active, 8 vCPUs
    const hw = (await host.hardware.hardwareGet({ vmId: dev.id })).hardware;
    const down = await host.hardware.hardwareApply({
      vmId: dev.id,
      change: { section: 'cpu', cpu: { ...hw.cpu, vcpus: 4 } },
    });
    expect(down.steps).toEqual([
      { text: 'vCPUs 8 → 4', when: 'now', live: { verb: 'setvcpus', count: 4 } },
    ]);
    expect((await host.vmGet(dev.id)).vcpus).toBe(4);
    expect(down.view.hardware.cpu.vcpus).toBe(4);
    const up = await host.hardware.hardwareApply({
      vmId: dev.id,
      change: { section: 'cpu', cpu: { ...hw.cpu, vcpus: 4, maxVcpus: 16 } },
    });
    expect(up.steps).toEqual([{ text: 'Maximum vCPUs 8 → 16', when: 'next-boot', live: null }]);
    const vm = await host.vmGet(dev.id);
    expect(vm.pendingChanges).toBe(true);
    const { xml, liveXml } = await host.vmGetXml(dev.id);
    expect(readHardware(xml, null).cpu.maxVcpus).toBe(16);
    expect(readHardware(liveXml ?? '', null).cpu.maxVcpus).toBe(8);
  });

  it('refuses what libvirt refuses, with its words, and changes nothing', async () => {
    const { host, plex, store } = await sim2();
    const hw = (await host.hardware.hardwareGet({ vmId: plex.id })).hardware;
    const before = await host.vmGetXml(plex.id);
    const saves = store.saves;
    const tries = [
      { section: 'cpu' as const, cpu: { ...hw.cpu, vcpus: 6 } },
      {
        section: 'pinning' as const,
        pinning: { ...hw.pinning, vcpus: hw.pinning.vcpus.map(() => [99]) },
      },
    ];
    const messages: string[] = [];
    for (const change of tries) {
      const e = await host.hardware.hardwareApply({ vmId: plex.id, change }).catch((x) => x);
      expect(e).toBeInstanceOf(VirtdeskError);
      expect(e).toMatchObject({ code: 'INVALID_INPUT' });
      messages.push((e as Error).message);
    }
    expect(messages).toEqual([
      'invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 6 > 4',
      "invalid argument: Physical CPU 99 doesn't exist.",
    ]);
    expect(await host.vmGetXml(plex.id)).toEqual(before);
    expect(store.saves).toBe(saves);
  });

  it('balloons a running VM down and its memory usage follows', async () => {
    const { host, plex, clock } = await sim2();
    const hw = (await host.hardware.hardwareGet({ vmId: plex.id })).hardware;
    const applied = await host.hardware.hardwareApply({
      vmId: plex.id,
      change: { section: 'memory', memory: { ...hw.memory, currentKiB: 2 * GiB } },
    });
    expect(applied.steps).toEqual([
      { text: 'Memory 8 GiB → 2 GiB', when: 'now', live: { verb: 'setmem', kib: 2 * GiB } },
    ]);
    const ticks: StatsTick[] = [];
    const off = host.onStats((t) => ticks.push(t));
    clock.advance(STATS_INTERVAL_MS * 3);
    off();
    const used = ticks.flatMap((t) => t.vms.filter((v) => v.vmId === plex.id));
    expect(used.length).toBeGreaterThan(0);
    for (const u of used) expect(u.memoryUsedKiB).toBeLessThanOrEqual(2 * GiB);
    expect((await host.vmGetXml(plex.id)).liveXml).toContain(
      `<currentMemory unit='KiB'>${2 * GiB}</currentMemory>`,
    );
  });

  it('takes a VM’s hugepages from the pool at start and gives them back at stop', async () => {
    const ctx = await sim2();
    const { host, win, clock } = ctx;
    expect(await node1Gig(ctx)).toEqual({ sizeKiB: GiB, total: 40, free: 40 });
    await host.vmStart(win.id);
    expect(await node1Gig(ctx)).toEqual({ sizeKiB: GiB, total: 40, free: 8 });
    // A restart of virtdesk finds the running VM holding its pages again.
    const again = makeHost({ hostId: 'sim2', saved: reload(ctx.store.last, 'sim2') });
    const t = await again.host.tuning.tuningGet();
    expect(t.nodes[1]?.hugepages.find((p) => p.sizeKiB === GiB)?.free).toBe(8);
    await host.vmForceOff(win.id);
    clock.advance(1);
    expect(await node1Gig(ctx)).toEqual({ sizeKiB: GiB, total: 40, free: 40 });
  });

  it('counts a hugepage-backed VM’s memory once: in its pool, not as ordinary memory too', async () => {
    const ctx = await sim2();
    const { host, win } = ctx;
    const free = async () => (await host.tuning.tuningGet()).nodes.map((n) => n.freeKiB);
    const before = await free();
    await host.vmStart(win.id);
    // Its 32 GiB are pool pages that were already not free: starting it frees nor takes any more.
    expect(await free()).toEqual(before);
    // An ordinary guest's memory does come out of the nodes' free memory.
    const plex = ctx.plex;
    if (plex.state === 'running') await host.vmForceOff(plex.id);
    const withoutPlex = await free();
    await host.vmStart(plex.id);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(withoutPlex) - sum(await free())).toBeGreaterThan(0);
  });

  it('refuses to start when the node’s pool is short, with QEMU’s words', async () => {
    const ctx = await sim2();
    const { host, win } = ctx;
    await host.tuning.tuningSetHugepages({ node: 1, sizeKiB: GiB, count: 16 });
    const e = await host.vmStart(win.id).catch((x) => x);
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as Error).message).toBe(
      "internal error: QEMU unexpectedly closed the monitor (vm='win11-gaming'): qemu-system-x86_64: unable to map backing store for guest RAM: Cannot allocate memory (it needs 32 pages of 1 GiB on node 1; 16 are free)",
    );
    expect((await host.vmGet(win.id)).state).toBe('shutoff');
    expect(await node1Gig(ctx)).toEqual({ sizeKiB: GiB, total: 16, free: 16 });
    // The Hardware tab's plan warned about it before.
    const hw = (await host.hardware.hardwareGet({ vmId: win.id })).hardware;
    const plan = await host.hardware.hardwarePlan({
      vmId: win.id,
      change: { section: 'memory', memory: { ...hw.memory, locked: true } },
    });
    expect(plan.warnings).toEqual([
      'Hugepages short: the VM needs 32 pages of 1 GiB on node 1, which has 16 free: it will not start until the pool grows.',
    ]);
    // Binding its memory to node 0 instead is checked against node 0's pool (12 free of 16).
    const moved = await host.hardware.hardwarePlan({
      vmId: win.id,
      change: {
        section: 'pinning',
        pinning: { ...hw.pinning, numatune: { mode: 'strict', nodeset: [0] } },
      },
    });
    expect(moved.warnings).toContain(
      'Hugepages short: the VM needs 32 pages of 1 GiB on node 0, which has 12 free: it will not start until the pool grows.',
    );
  });
});

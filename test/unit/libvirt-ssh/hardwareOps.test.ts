// The libvirt driver's Hardware group against a scripted virsh answering with the testbed's own
// capabilities and domcapabilities: the live verbs' command lines, the host facts (domcapabilities
// models, pins from the stored documents, free VFs), a refusal that sends nothing, and a live verb
// failing after the define, reported with what ran, what failed in libvirt's words and what not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDomainDoc } from '../../../src/main/drivers/common/domainDoc';
import { freeVfsOf, hostPinsOf } from '../../../src/main/drivers/common/hardwareFacts';
import { domcapsLine, readDomainCaps } from '../../../src/main/drivers/libvirt-ssh/domcaps';
import {
  SshHardware,
  liveVerbLine,
  liveStepFailure,
  macvtapParents,
} from '../../../src/main/drivers/libvirt-ssh/hardwareOps';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';
import { virshError } from '../../../src/main/drivers/libvirt-ssh/virshErrors';
import type { DomainRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import { makeRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import { VirtdeskError } from '../../../src/shared/errors';
import type { HardwareStep, PinningSettings } from '../../../src/shared/hardware';
import type { HostDevice } from '../../../src/shared/hostDevices';
import type { VmState } from '../../../src/shared/model';

const fixture = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');
const CAPS = fixture('testbed-capabilities.xml');
const DOMCAPS = fixture('testbed-domcaps.xml');

const ID = '0c11e8b0-c140-46f1-8854-5addb785ce2d';
const OTHER = '7f000000-0000-4000-8000-000000000001';

function domainXml(name: string, uuid: string, extra = ''): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <uuid>${uuid}</uuid>
  <memory unit='KiB'>262144</memory>
  <currentMemory unit='KiB'>262144</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>${extra}
  <os>
    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
  </os>
  <cpu mode='custom' match='exact' check='none'>
    <model fallback='allow'>qemu64</model>
  </cpu>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;
}

function record(id: string, xml: string, state: VmState): DomainRecord {
  const doc = parseDomainDoc(xml).doc;
  return makeRecord('tb', {
    id,
    config: doc,
    live: state === 'shutoff' ? null : doc,
    state,
    persistent: true,
    autostart: false,
    capacities: new Map(),
  });
}

const D = (id: string) => `--domain '${id}'`;

describe('liveVerbLine', () => {
  const all = [0, 1, 2, 3];
  it('writes each verb with --live, values quoted, unpinned as every host CPU', () => {
    expect(liveVerbLine(ID, { verb: 'setvcpus', count: 2 }, all)).toBe(
      `setvcpus ${D(ID)} --count '2' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'setmem', kib: 131072 }, all)).toBe(
      `setmem ${D(ID)} --size '131072' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'vcpupin', vcpu: 1, cpus: [0, 2, 3] }, all)).toBe(
      `vcpupin ${D(ID)} --vcpu '1' --cpulist '0,2-3' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'vcpupin', vcpu: 0, cpus: null }, all)).toBe(
      `vcpupin ${D(ID)} --vcpu '0' --cpulist '0-3' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'emulatorpin', cpus: [1] }, all)).toBe(
      `emulatorpin ${D(ID)} --cpulist '1' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'iothreadpin', iothread: 2, cpus: null }, all)).toBe(
      `iothreadpin ${D(ID)} --iothread '2' --cpulist '0-3' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'iothreadadd', iothread: 3 }, all)).toBe(
      `iothreadadd ${D(ID)} --id '3' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'iothreaddel', iothread: 3 }, all)).toBe(
      `iothreaddel ${D(ID)} --id '3' --live`,
    );
    expect(liveVerbLine(ID, { verb: 'numatune', mode: 'strict', nodeset: [0, 1] }, all)).toBe(
      `numatune ${D(ID)} --mode 'strict' --nodeset '0-1' --live`,
    );
  });
});

describe('liveStepFailure', () => {
  const step = (text: string): HardwareStep => ({ text, when: 'now', live: null });
  it('names what ran, what failed in libvirt words, what was not tried, with libvirt code', () => {
    const libvirt = new VirtdeskError('INVALID_INPUT', 'invalid argument: bad cpu');
    const e = liveStepFailure('web', [step('A')], step('B'), [step('C'), step('D')], libvirt);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe(
      "web's new definition is saved and applies at its next boot, but the running VM did not take every change. " +
        'Applied now: A. Failed: B: invalid argument: bad cpu. Not tried: C; D.',
    );
    expect(liveStepFailure('web', [], step('B'), [], new Error('x')).message).toContain(
      'Applied now: none. Failed: B: x. Not tried: none.',
    );
  });
});

describe('domcapabilities', () => {
  it('reads the vCPU maximum and the usable custom models, sorted', () => {
    const caps = readDomainCaps(DOMCAPS);
    expect(caps.maxVcpus).toBe(255);
    expect(caps.cpuModels).toContain('qemu64');
    expect(caps.cpuModels).toEqual([...caps.cpuModels].sort());
    expect(caps.cpuModels.length).toBe((DOMCAPS.match(/usable='yes'/g) ?? []).length);
  });

  it('asks for the guest kind the domain describes', () => {
    expect(domcapsLine(domainXml('a', ID))).toBe(
      "domcapabilities --virttype 'qemu' --arch 'x86_64' --machine 'pc-i440fx-7.2'",
    );
    expect(domcapsLine('<domain><name>x</name></domain>')).toBe('domcapabilities');
  });
});

describe('host facts from what the driver holds', () => {
  it('pins: every pinned host CPU of the other VMs, live for a running one', () => {
    const pinned = `
  <cputune>
    <vcpupin vcpu='0' cpuset='2'/>
    <emulatorpin cpuset='5-6'/>
    <iothreadpin iothread='1' cpuset='9'/>
  </cputune>`;
    const vms = [
      record(ID, domainXml('me', ID, pinned), 'running'),
      record(OTHER, domainXml('other', OTHER, pinned), 'running'),
      record('x', domainXml('plain', 'x'), 'shutoff'),
    ];
    expect(hostPinsOf(vms, ID)).toEqual([
      { vmId: OTHER, name: 'other', running: true, cpus: [2, 5, 6, 9] },
    ]);
  });

  it("macvtap parents: host NICs, not bridges, loopback or guests' tap devices", () => {
    const ifaces = ['eth0', 'lo', 'br0', 'vnet3', 'macvtap0', 'enp1s0', 'vnetx'].map((name) => ({
      name,
      bridge: name === 'br0',
    }));
    expect(macvtapParents(ifaces)).toEqual(['eth0', 'enp1s0', 'vnetx']);
  });

  it('free VFs: unassigned VFs with their PF interface', () => {
    const dev = (address: string, more: Partial<HostDevice>): HostDevice => ({
      address,
      vendor: '',
      product: '',
      vendorId: '',
      productId: '',
      pciClass: 'network',
      driver: null,
      iommuGroup: 1,
      numaNode: null,
      users: [],
      ...more,
    });
    const devices = [
      dev('0000:41:00.0', {
        sriov: { role: 'pf', maxVfs: 2, vfs: ['0000:41:00.1', '0000:41:00.2'] },
        netdev: 'enp65s0f0',
      }),
      dev('0000:41:00.1', { sriov: { role: 'vf', pf: '0000:41:00.0' } }),
      dev('0000:41:00.2', {
        sriov: { role: 'vf', pf: '0000:41:00.0' },
        users: [{ vmId: OTHER, vmName: 'other', running: false, as: 'interface' }],
      }),
    ];
    expect(freeVfsOf(devices)).toEqual([{ address: '0000:41:00.1', pf: 'enp65s0f0' }]);
  });
});

/** A running VM on a scripted host; `failOn` makes the line starting with it fail. */
function scripted(failOn?: string) {
  let vm = record(ID, domainXml('web', ID), 'running');
  const sent: string[] = [];
  const defined: string[] = [];
  let rereads = 0;
  const answer = (line: string): VirshResult => {
    sent.push(line);
    if (failOn && line.startsWith(failOn))
      return { ok: false, error: virshError('error: invalid argument: no such vcpu\n', 'tb')! };
    if (line.startsWith('dumpxml ')) return { ok: true, stdout: vm.config.text };
    if (line === 'capabilities') return { ok: true, stdout: CAPS };
    if (line === 'freepages --all')
      return { ok: true, stdout: 'Node 0:\n4KiB: 1000\n2048KiB: 0\n' };
    if (line.startsWith('domcapabilities')) return { ok: true, stdout: DOMCAPS };
    return { ok: true, stdout: '' };
  };
  const hw = new SshHardware({
    names: () => ({ hostId: 'tb', hostName: 'testbed' }),
    virsh: () => ({
      batch: async (lines) => lines.map(answer),
      call: async (line) => {
        const r = answer(line);
        if (!r.ok) throw r.error;
        return r.stdout;
      },
    }),
    domains: () => [vm],
    define: async (xml) => {
      defined.push(xml);
      vm = record(ID, xml, 'running');
    },
    find: () => vm,
    reread: async () => {
      rereads++;
      return vm;
    },
    networks: async () => [],
    interfaces: async () => [
      { name: 'eth0', bridge: false },
      { name: 'lo', bridge: false },
      { name: 'br0', bridge: true },
    ],
    pciDevices: async () => [],
  });
  return { hw, sent, defined, rereads: () => rereads };
}

const pinning = (vcpus: (number[] | null)[], emulator: number[] | null): PinningSettings => ({
  vcpus,
  emulator,
  iothreads: [],
  numatune: null,
});

describe('SshHardware', () => {
  it('hardwareGet: the VM, the host from capabilities / domcapabilities / interfaces', async () => {
    const { hw } = scripted();
    const v = await hw.hardwareGet({ vmId: ID });
    expect(v.running).toBe(true);
    expect(v.hardware.cpu).toMatchObject({ vcpus: 1, maxVcpus: 2 });
    expect(v.host.cpus.map((c) => c.id)).toEqual([0, 1]);
    expect(v.host.maxVcpus).toBe(255);
    expect(v.host.cpuModels).toContain('qemu64');
    expect(v.host.nodes).toEqual([{ id: 0, hugepages: [{ sizeKiB: 2048, total: 0, free: 0 }] }]);
    expect(v.host.bridges).toEqual(['br0']);
    expect(v.host.interfaces).toEqual(['eth0']);
  });

  it('a refused change sends nothing: no define, no live verb', async () => {
    const { hw, sent, defined } = scripted();
    const before = sent.length;
    const e = await hw
      .hardwareApply({
        vmId: ID,
        change: { section: 'pinning', pinning: pinning([[999], null], null) },
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as VirtdeskError).message).toMatch(/999/);
    expect(defined).toEqual([]);
    expect(sent.slice(before).filter((l) => / --live$/.test(l))).toEqual([]);
  });

  it('defines, then sends each live step in order; a failing one is reported with the rest', async () => {
    const change = { section: 'pinning' as const, pinning: pinning([[1], [0]], [0]) };
    const ok = scripted();
    const plan = await ok.hw.hardwarePlan({ vmId: ID, change });
    expect(plan.refusal).toBeNull();
    const live = plan.steps.filter((s) => s.live !== null);
    expect(live.map((s) => s.live?.verb)).toContain('emulatorpin');
    const applied = await ok.hw.hardwareApply({ vmId: ID, change });
    expect(ok.defined).toEqual([plan.xmlAfter]);
    expect(ok.sent.filter((l) => / --live$/.test(l))).toEqual(
      live.map((s) => liveVerbLine(ID, s.live!, [0, 1])),
    );
    expect(applied.steps).toEqual(plan.steps);
    expect(applied.view.hardware.pinning.vcpus).toEqual([[1], [0]]);
    expect(applied.view.hardware.pinning.emulator).toEqual([0]);
    expect(ok.rereads()).toBeGreaterThan(0);

    const bad = scripted('emulatorpin');
    const e = await bad.hw.hardwareApply({ vmId: ID, change }).catch((x: unknown) => x);
    expect(bad.defined).toEqual([plan.xmlAfter]);
    expect(bad.rereads()).toBeGreaterThan(0);
    const at = live.findIndex((s) => s.live?.verb === 'emulatorpin');
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as VirtdeskError).message).toBe(
      liveStepFailure(
        'web',
        live.slice(0, at),
        live[at]!,
        live.slice(at + 1),
        new Error('invalid argument: no such vcpu'),
      ).message,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { planHardware } from '../../../src/main/drivers/common/hardwarePlan';
import type { HardwareChange } from '../../../src/shared/hardware';
import { readHardware } from '../../../src/shared/libvirt-xml';
import { twoNodeHost } from './hostFacts';

const XML = `<domain type='kvm'>
  <name>plan</name>
  <memory unit='KiB'>8388608</memory>
  <currentMemory unit='KiB'>8388608</currentMemory>
  <vcpu placement='static' current='4'>8</vcpu>
  <iothreads>1</iothreads>
  <cputune>
    <vcpupin vcpu='0' cpuset='0'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='0'/>
  </numatune>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu mode='host-passthrough'/>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' iothread='1'/>
      <source file='/images/plan.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:aa:bb:cc'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;
const hw = readHardware(XML, null);
const host = twoNodeHost();
const plan = (change: HardwareChange, running = true) =>
  planHardware({ name: 'plan', xml: XML, liveXml: running ? XML : null, change, host });

describe('planHardware', () => {
  it('vCPUs go live up to the maximum; the maximum and model at next boot', () => {
    const p = plan({
      section: 'cpu',
      cpu: { ...hw.cpu, vcpus: 6, maxVcpus: 8, mode: 'custom', model: 'EPYC' },
    });
    expect(p.refusal).toBeNull();
    expect(p.steps).toEqual([
      { text: 'vCPUs 4 → 6', when: 'now', live: { verb: 'setvcpus', count: 6 } },
      { text: 'CPU mode host-passthrough → custom (EPYC)', when: 'next-boot', live: null },
    ]);
    expect(p.xmlBefore).toBe(XML);
    expect(p.xmlAfter).toContain("current='6'");
  });

  it('live verbs reach only what the running VM booted with', () => {
    // The definition's maximum was raised to 12 while the VM ran with 8.
    const xml = XML.replace("current='4'>8<", "current='4'>12<");
    const hw12 = readHardware(xml, null);
    const p = planHardware({
      name: 'plan',
      xml,
      liveXml: XML,
      host,
      change: { section: 'cpu', cpu: { ...hw12.cpu, vcpus: 10 } },
    });
    expect(p.steps).toEqual([
      { text: "vCPUs 4 → 10 (above the running VM's maximum of 8)", when: 'next-boot', live: null },
    ]);
    const pins = planHardware({
      name: 'plan',
      xml,
      liveXml: XML,
      host,
      change: {
        section: 'pinning',
        pinning: { ...hw12.pinning, vcpus: hw12.pinning.vcpus.map((s, i) => (i === 10 ? [3] : s)) },
      },
    });
    expect(pins.steps).toEqual([
      { text: 'vCPU 10 pinned to CPU 3', when: 'next-boot', live: null },
    ]);
  });

  it('a shut-off VM gets every step at next boot, without a verb', () => {
    const p = plan({ section: 'cpu', cpu: { ...hw.cpu, vcpus: 6 } }, false);
    expect(p.steps).toEqual([{ text: 'vCPUs 4 → 6', when: 'next-boot', live: null }]);
  });

  it('refuses vCPUs above the maximum with libvirt’s words and changes nothing', () => {
    const p = plan({ section: 'cpu', cpu: { ...hw.cpu, vcpus: 16 } });
    expect(p.refusal).toBe(
      'invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 16 > 8',
    );
    expect(p.xmlAfter).toBe(XML);
    expect(p.steps).toEqual([]);
  });

  it('pins live, numatune live only within a strict binding', () => {
    const vcpus = hw.pinning.vcpus.map((_, i) => (i < 2 ? [i + 1] : null));
    const p = plan({
      section: 'pinning',
      pinning: { ...hw.pinning, vcpus, numatune: { mode: 'strict', nodeset: [1] } },
    });
    expect(p.steps).toEqual([
      {
        text: 'vCPU 0 pinned to CPU 1',
        when: 'now',
        live: { verb: 'vcpupin', vcpu: 0, cpus: [1] },
      },
      {
        text: 'vCPU 1 pinned to CPU 2',
        when: 'now',
        live: { verb: 'vcpupin', vcpu: 1, cpus: [2] },
      },
      {
        text: 'Memory strict on node 1',
        when: 'now',
        live: { verb: 'numatune', mode: 'strict', nodeset: [1] },
      },
    ]);
    // vCPUs on node 0, memory strict on node 1: warned before Apply.
    expect(p.warnings).toEqual([
      'vCPUs 0-1 run on node 0 while memory is strict on node 1: their memory is remote.',
    ]);
    const mode = plan({
      section: 'pinning',
      pinning: { ...hw.pinning, numatune: { mode: 'interleave', nodeset: [0, 1] } },
    });
    expect(mode.steps).toEqual([
      { text: 'Memory interleave on node 0-1', when: 'next-boot', live: null },
    ]);
  });

  it('refuses a pCPU the host does not have', () => {
    const vcpus = hw.pinning.vcpus.map((_, i) => (i === 0 ? [64] : null));
    const p = plan({ section: 'pinning', pinning: { ...hw.pinning, vcpus } });
    expect(p.refusal).toBe("invalid argument: Physical CPU 64 doesn't exist.");
  });

  it('warns about another running VM on the same pCPUs', () => {
    const vcpus = hw.pinning.vcpus.map((_, i) => (i < 2 ? [8 + i] : null));
    const p = planHardware({
      name: 'plan',
      xml: XML,
      liveXml: XML,
      change: { section: 'pinning', pinning: { ...hw.pinning, vcpus, numatune: null } },
      host: { ...host, pins: [{ vmId: 'w', name: 'win11-gaming', running: true, cpus: [9] }] },
    });
    expect(p.warnings).toContain(
      'CPU 9 is also pinned by win11-gaming, which is running: the two VMs will compete for it.',
    );
  });

  it('balloon live, maximum and hugepages next boot, hugepages short warned', () => {
    const p = plan({
      section: 'memory',
      memory: {
        ...hw.memory,
        currentKiB: 4194304,
        maxKiB: 16777216,
        hugepages: { sizeKiB: 2048, nodeset: null },
      },
    });
    expect(p.steps).toEqual([
      { text: 'Memory 8 GiB → 4 GiB', when: 'now', live: { verb: 'setmem', kib: 4194304 } },
      { text: 'Maximum memory 8 GiB → 16 GiB', when: 'next-boot', live: null },
      { text: 'Hugepages of 2 MiB', when: 'next-boot', live: null },
    ]);
    // 16 GiB = 8192 pages of 2 MiB; memory is strict on node 0, which has 1024 free.
    expect(p.warnings).toEqual([
      'Hugepages short: the VM needs 8192 pages of 2 MiB on node 0, which has 1024 free: it will not start until the pool grows.',
    ]);
  });

  it('iothreads added live; a disk’s settings at next boot', () => {
    const p = plan({
      section: 'disks',
      disks: {
        iothreads: 2,
        disks: [{ ...hw.disks.disks[0]!, cache: 'none', io: 'native', iothread: 2 }],
      },
    });
    expect(p.steps).toEqual([
      { text: 'IOThread 2 added', when: 'now', live: { verb: 'iothreadadd', iothread: 2 } },
      { text: 'vda: cache none, io native, iothread 2', when: 'next-boot', live: null },
    ]);
    const bad = plan({
      section: 'disks',
      disks: { iothreads: 1, disks: [{ ...hw.disks.disks[0]!, iothread: 3 }] },
    });
    expect(bad.refusal).toBe(
      "unsupported configuration: Disk iothread '3' not defined in iothreadid",
    );
  });

  it('an iothread a disk uses is removed at next boot, not live', () => {
    const p = plan({
      section: 'disks',
      disks: { iothreads: 0, disks: [{ ...hw.disks.disks[0]!, iothread: null }] },
    });
    expect(p.steps[0]).toEqual({
      text: 'IOThread 1 removed (a disk uses it now)',
      when: 'next-boot',
      live: null,
    });
  });

  it('NIC changes at next boot; an undefined network is refused', () => {
    const nic = hw.nics[0]!;
    const p = plan({ section: 'nics', nics: [{ ...nic, queues: 4 }] });
    expect(p.steps).toEqual([
      { text: 'NIC 52:54:00:aa:bb:cc: 4 queues', when: 'next-boot', live: null },
    ]);
    const bad = plan({
      section: 'nics',
      nics: [{ ...nic, source: { type: 'network', network: 'nowhere' } }],
    });
    expect(bad.refusal).toBe("Network not found: no network with matching name 'nowhere'");
  });
});

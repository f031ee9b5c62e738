import { describe, expect, it } from 'vitest';
import {
  XmlError,
  applyHardwareChange,
  formatCpuset,
  parseXml,
  readDomain,
  readHardware,
  serializeXml,
} from '../../../src/shared/libvirt-xml';
import type { HardwareChange, VmHardware } from '../../../src/shared/hardware';
import { FIXTURES, listXml, readFixture } from './fixtures';
import path from 'node:path';

const DOMAINS = listXml(path.join(FIXTURES, 'domain')).filter((f) => !f.includes('invalid'));

const SECTIONS = ['cpu', 'pinning', 'memory', 'disks', 'nics'] as const;

function unchanged(hw: VmHardware, section: (typeof SECTIONS)[number]): HardwareChange {
  switch (section) {
    case 'cpu':
      return { section, cpu: hw.cpu };
    case 'pinning':
      return { section, pinning: hw.pinning };
    case 'memory':
      return { section, memory: hw.memory };
    case 'disks':
      return { section, disks: hw.disks };
    case 'nics':
      return { section, nics: hw.nics };
  }
}

// A VM the way virt-install writes one, with what each section edits.
const VM = `<domain type='kvm'>
  <name>hw</name>
  <uuid>4d92ec27-9ebf-400b-ae91-20c71c647c19</uuid>
  <memory unit='KiB'>8388608</memory>
  <currentMemory unit='KiB'>8388608</currentMemory>
  <vcpu placement='static' current='4'>8</vcpu>
  <!-- keep me -->
  <os>
    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
  </os>
  <cpu mode='host-passthrough' check='none' migratable='on'/>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/hw.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <controller type='usb' index='0' model='qemu-xhci'/>
    <interface type='network'>
      <mac address='52:54:00:aa:bb:cc'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>
    </memballoon>
  </devices>
</domain>
`;

const hw = () => readHardware(VM, null);

describe('readHardware on libvirt’s own domains', () => {
  it.each(DOMAINS)('%s reads, and each unchanged section writes back identical XML', (f) => {
    const xml = readFixture(`domain/${f}`);
    const read = readHardware(xml, null);
    expect(read.cpu.maxVcpus).toBeGreaterThanOrEqual(1);
    expect(read.pinning.vcpus).toHaveLength(read.cpu.maxVcpus);
    const same = serializeXml(parseXml(xml, { root: 'domain' }));
    for (const s of SECTIONS) expect(applyHardwareChange(xml, unchanged(read, s))).toBe(same);
  });

  it('reads pins, numatune, iothreads and memory backing', () => {
    const t = readHardware(readFixture('domain/cputune-numatune.xml'), null);
    expect(t.cpu).toMatchObject({ vcpus: 2, maxVcpus: 6 });
    expect(t.pinning.emulator).toEqual([1, 2, 3]);
    expect(t.pinning.iothreads).toEqual([[2], null]);
    expect(t.pinning.numatune).toBeNull(); // placement='auto' names no nodes
    expect(t.memory).toMatchObject({ currentKiB: 65536, maxKiB: 131072, balloon: 'none' });
    const h = readHardware(readFixture('domain/hugepages-numa-nodeset.xml'), null);
    expect(h.memory.hugepages).toEqual({ sizeKiB: 2048, nodeset: [1] });
  });

  it('reads a hostdev NIC by its VF address', () => {
    const n = readHardware(readFixture('domain/net-hostdev.xml'), null).nics;
    expect(n[0]?.source.type).toBe('hostdev');
    expect(n[0]?.model).toBe('');
  });

  it('takes the vCPUs online from the live XML while running', () => {
    const live = VM.replace("current='4'", "current='6'");
    expect(readHardware(VM, live).cpu.vcpus).toBe(6);
    expect(readHardware(VM, null).cpu.vcpus).toBe(4);
  });
});

describe('applyHardwareChange', () => {
  it('writes cpusets the way libvirt does', () => {
    expect(formatCpuset([8, 2, 3, 4, 5])).toBe('2-5,8');
    expect(formatCpuset([0])).toBe('0');
    expect(formatCpuset([1, 3])).toBe('1,3');
  });

  it('cpu: count, maximum, model and topology, other lines kept', () => {
    const out = applyHardwareChange(VM, {
      section: 'cpu',
      cpu: {
        vcpus: 6,
        maxVcpus: 8,
        mode: 'custom',
        model: 'Skylake-Client',
        topology: { sockets: 1, cores: 4, threads: 2 },
      },
    });
    expect(out).toContain("<vcpu placement='static' current='6'>8</vcpu>");
    expect(out).toContain("<cpu mode='custom' match='exact' check='none'>");
    expect(out).toContain("<model fallback='allow'>Skylake-Client</model>");
    expect(out).toContain("<topology sockets='1' dies='1' cores='4' threads='2'/>");
    expect(out).toContain('<!-- keep me -->');
    expect(readHardware(out, null).cpu).toMatchObject({ vcpus: 6, mode: 'custom' });
  });

  it('cpu: refuses what libvirt refuses', () => {
    const base = hw().cpu;
    expect(() => applyHardwareChange(VM, { section: 'cpu', cpu: { ...base, vcpus: 16 } })).toThrow(
      /requested vcpus is greater than max allowable vcpus.*16 > 8/,
    );
    expect(() =>
      applyHardwareChange(VM, {
        section: 'cpu',
        cpu: { ...base, topology: { sockets: 1, cores: 3, threads: 2 } },
      }),
    ).toThrow("CPU topology doesn't match maximum vcpu count");
  });

  it('pinning: cputune and numatune created where libvirt writes them', () => {
    const p = hw().pinning;
    const vcpus = p.vcpus.map((_, i) => (i < 4 ? [2 + i] : null));
    const out = applyHardwareChange(VM, {
      section: 'pinning',
      pinning: { ...p, vcpus, emulator: [0, 1], numatune: { mode: 'strict', nodeset: [1] } },
    });
    expect(out).toContain(
      [
        "<vcpu placement='static' current='4'>8</vcpu>",
        '  <cputune>',
        "    <vcpupin vcpu='0' cpuset='2'/>",
        "    <vcpupin vcpu='1' cpuset='3'/>",
        "    <vcpupin vcpu='2' cpuset='4'/>",
        "    <vcpupin vcpu='3' cpuset='5'/>",
        "    <emulatorpin cpuset='0-1'/>",
        '  </cputune>',
        '  <numatune>',
        "    <memory mode='strict' nodeset='1'/>",
        '  </numatune>',
      ].join('\n'),
    );
    const back = readHardware(out, null).pinning;
    expect(back.vcpus.slice(0, 4)).toEqual([[2], [3], [4], [5]]);
    // Unpinning everything again removes the elements it added.
    const again = applyHardwareChange(out, { section: 'pinning', pinning: p });
    expect(again).toBe(VM);
  });

  it('pinning: edits an existing list in place and keeps the scalars', () => {
    const xml = readFixture('domain/cputune.xml');
    const p = readHardware(xml, null).pinning;
    const out = applyHardwareChange(xml, {
      section: 'pinning',
      pinning: { ...p, vcpus: [[4, 5, 6], null] },
    });
    expect(out).toContain("<vcpupin vcpu='0' cpuset='4-6'/>\n    <emulatorpin");
    expect(out).not.toContain("vcpu='1'");
    expect(out).toContain('<shares>2048</shares>');
  });

  it('pinning: an iothread beyond the count is refused', () => {
    const p = hw().pinning;
    expect(() =>
      applyHardwareChange(VM, { section: 'pinning', pinning: { ...p, iothreads: [[1]] } }),
    ).toThrow(XmlError);
  });

  it('memory: balloon, maximum, hugepages, locked, nosharepages', () => {
    const m = hw().memory;
    const out = applyHardwareChange(VM, {
      section: 'memory',
      memory: {
        ...m,
        currentKiB: 4194304,
        hugepages: { sizeKiB: 1048576, nodeset: null },
        locked: true,
        nosharepages: true,
      },
    });
    expect(out).toContain("<currentMemory unit='KiB'>4194304</currentMemory>");
    expect(out).toContain(
      [
        '  <memoryBacking>',
        '    <hugepages>',
        "      <page size='1048576' unit='KiB'/>",
        '    </hugepages>',
        '    <nosharepages/>',
        '    <locked/>',
        '  </memoryBacking>',
        "  <vcpu placement='static'",
      ].join('\n'),
    );
    expect(() =>
      applyHardwareChange(VM, { section: 'memory', memory: { ...m, currentKiB: m.maxKiB + 1 } }),
    ).toThrow('cannot set memory higher than max memory');
  });

  it('memory: no balloon is written as model none', () => {
    const out = applyHardwareChange(VM, {
      section: 'memory',
      memory: { ...hw().memory, balloon: 'none' },
    });
    expect(out).toContain("    <memballoon model='none'/>\n  </devices>");
  });

  it('disks: cache, io, discard, iothread in libvirt’s attribute order', () => {
    const d = hw().disks;
    const out = applyHardwareChange(VM, {
      section: 'disks',
      disks: {
        iothreads: 2,
        disks: [
          {
            target: 'vda',
            bus: 'virtio',
            cache: 'none',
            io: 'native',
            discard: 'unmap',
            iothread: 2,
          },
        ],
      },
    });
    expect(d.disks.map((x) => x.target)).toEqual(['vda']);
    expect(out).toContain(
      "<driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap' iothread='2'/>",
    );
    expect(out).toContain(
      "<vcpu placement='static' current='4'>8</vcpu>\n  <iothreads>2</iothreads>",
    );
  });

  it('disks: moving to scsi adds a virtio-scsi controller and drops the PCI address', () => {
    const out = applyHardwareChange(VM, {
      section: 'disks',
      disks: {
        iothreads: 0,
        disks: [
          {
            target: 'vda',
            bus: 'scsi',
            cache: 'default',
            io: 'default',
            discard: 'default',
            iothread: null,
          },
        ],
      },
    });
    expect(out).toContain("<target dev='vda' bus='scsi'/>\n    </disk>");
    expect(out).toContain("<controller type='scsi' index='0' model='virtio-scsi'/>");
    expect(readDomain(parseXml(out)).disks[0]?.guestPciAddress).toBeUndefined();
  });

  it('disks: an iothread on a non-virtio disk or beyond the count is refused', () => {
    const disk = {
      target: 'vda',
      bus: 'scsi' as const,
      cache: 'default' as const,
      io: 'default' as const,
      discard: 'default' as const,
      iothread: 1,
    };
    expect(() =>
      applyHardwareChange(VM, { section: 'disks', disks: { iothreads: 1, disks: [disk] } }),
    ).toThrow('IOThreads not available for bus scsi target vda');
    expect(() =>
      applyHardwareChange(VM, {
        section: 'disks',
        disks: { iothreads: 1, disks: [{ ...disk, bus: 'virtio', iothread: 2 }] },
      }),
    ).toThrow("Disk iothread '2' not defined in iothreadid");
  });

  it('nics: queues, model and a new source', () => {
    const n = hw().nics[0]!;
    const out = applyHardwareChange(VM, {
      section: 'nics',
      nics: [{ ...n, queues: 4, source: { type: 'bridge', bridge: 'br0' } }],
    });
    expect(out).toContain(
      [
        "    <interface type='bridge'>",
        "      <mac address='52:54:00:aa:bb:cc'/>",
        "      <source bridge='br0'/>",
        "      <model type='virtio'/>",
        "      <driver queues='4'/>",
        '    </interface>',
      ].join('\n'),
    );
    const vf = applyHardwareChange(VM, {
      section: 'nics',
      nics: [{ ...n, model: '', source: { type: 'hostdev', address: '0000:03:10.1' } }],
    });
    expect(vf).toContain("<interface type='hostdev' managed='yes'>");
    expect(vf).toContain(
      "<address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/>",
    );
    expect(readHardware(vf, null).nics[0]?.source).toEqual({
      type: 'hostdev',
      address: '0000:03:10.1',
    });
    expect(() =>
      applyHardwareChange(VM, { section: 'nics', nics: [{ ...n, model: 'e1000e', queues: 4 }] }),
    ).toThrow('Multiqueue (queues) needs the virtio model; e1000e has one queue pair.');
  });
});

import { describe, expect, it } from 'vitest';
import type { NewDomainSpec } from '../../../src/shared/libvirt-xml';
import {
  XmlError,
  newDomain,
  newDomainXml,
  parseXml,
  readDomain,
  sameXml,
  serializeXml,
} from '../../../src/shared/libvirt-xml';

const UUID = '6f0a3c2e-9b1d-4c8e-a7f5-2d4b6e8a0c13';

const spec: NewDomainSpec = {
  name: 'web-01',
  uuid: UUID,
  memoryKiB: 2 * 1024 * 1024,
  vcpus: 2,
  disks: [{ source: '/var/lib/libvirt/images/web-01.qcow2', target: 'vda', format: 'qcow2' }],
  nics: [{ mac: '52:54:00:12:34:56', source: 'default' }],
};

function refusal(fn: () => unknown): XmlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(XmlError);
    return e as XmlError;
  }
  throw new Error('expected a refusal');
}

describe('newDomain', () => {
  it('builds the tree its own text parses back to, byte for byte', () => {
    const rich: NewDomainSpec = {
      ...spec,
      title: "Bob's <web> & co",
      description: 'line one\nline two & "three"',
      osinfo: 'http://debian.org/debian/13',
      note: ' hand-tuned ',
      pinning: { hostCpus: [4, 5], emulatorCpus: '0-1', nodeset: '0', hugepageKiB: 2048 },
    };
    const built = newDomain(rich);
    const text = newDomainXml(rich);
    const parsed = parseXml(text, { root: 'domain' });
    expect(serializeXml(parsed)).toBe(text);
    expect(sameXml(parsed, built)).toBe(true);
    expect(readDomain(parsed)).toEqual(readDomain(built));
    expect(readDomain(parsed)).toMatchObject({ title: rich.title, description: rich.description });
  });

  it('writes what virt-install defines on a q35 KVM host', () => {
    const xml = newDomainXml(spec);
    expect(xml).toMatch(/^<domain type='kvm'>\n {2}<name>web-01<\/name>\n {2}<uuid>6f0a3c2e-/);
    expect(xml.endsWith('</domain>\n')).toBe(true);
    expect(xml).not.toMatch(/<title>|<description>|<metadata>|<cputune>|<!--/);
    const v = readDomain(parseXml(xml));
    expect(v).toMatchObject({
      type: 'kvm',
      name: 'web-01',
      uuid: UUID,
      memoryKiB: 2097152,
      currentMemoryKiB: 2097152,
      vcpu: { count: 2, placement: 'static' },
      os: { type: 'hvm', arch: 'x86_64', machine: 'pc-q35-9.2', bootDevices: ['hd'] },
      cpu: { mode: 'host-passthrough' },
      emulator: '/usr/bin/qemu-system-x86_64',
      memballoon: { model: 'virtio' },
    });
    expect(v.disks).toEqual([
      expect.objectContaining({
        type: 'file',
        device: 'disk',
        bus: 'virtio',
        targetDev: 'vda',
        sourceFile: '/var/lib/libvirt/images/web-01.qcow2',
        driverName: 'qemu',
        format: 'qcow2',
        cache: 'none',
        io: 'native',
      }),
    ]);
    expect(v.interfaces).toEqual([
      expect.objectContaining({
        type: 'network',
        mac: '52:54:00:12:34:56',
        sourceNetwork: 'default',
        model: 'virtio',
      }),
    ]);
    expect(v.serials).toEqual([expect.objectContaining({ type: 'pty', targetPort: 0 })]);
    expect(v.consoles).toEqual([expect.objectContaining({ type: 'pty', targetType: 'serial' })]);
    for (const s of [
      '<acpi/>',
      '<apic/>',
      "<clock offset='utc'>",
      '<on_poweroff>destroy</on_poweroff>',
      '<on_reboot>restart</on_reboot>',
      '<on_crash>destroy</on_crash>',
      "<channel type='unix'>",
      "<target type='virtio' name='org.qemu.guest_agent.0'/>",
      "<backend model='random'>/dev/urandom</backend>",
    ]) {
      expect(xml).toContain(s);
    }
  });

  it('gives every PCI device its own address behind a root port, with ports to spare', () => {
    const many = newDomainXml({
      ...spec,
      disks: [spec.disks[0]!, { source: '/img/data.qcow2', target: 'vdb', format: 'qcow2' }],
      nics: [spec.nics[0]!, { mac: '52:54:00:00:00:02', source: 'br0', type: 'bridge' }],
    });
    const buses = [...many.matchAll(/bus='(0x[0-9a-f]{2})' slot='0x00'/g)].map((m) => m[1]);
    expect(new Set(buses).size).toBe(buses.length);
    const ports = [...many.matchAll(/model='pcie-root-port'>/g)].length;
    expect(ports).toBe(buses.length + 2);
  });

  it('writes cdroms and the other NIC kinds so the views read them back', () => {
    const v = readDomain(
      newDomain({
        ...spec,
        disks: [{ device: 'cdrom', source: null, target: 'sda', format: null }],
        nics: [
          { mac: '52:54:00:00:00:01', type: 'bridge', source: 'br0' },
          { mac: '52:54:00:00:00:02', type: 'direct', source: 'eno1', model: 'e1000e' },
          { mac: '52:54:00:00:00:03', type: 'user' },
          { mac: '52:54:00:00:00:04', type: 'hostdev', source: '0000:41:02.1' },
        ],
      }),
    );
    expect(v.disks[0]).toMatchObject({ device: 'cdrom', bus: 'sata', readonly: true });
    expect(v.disks[0]?.sourceFile).toBeUndefined();
    expect(v.interfaces.map((n) => [n.type, n.model])).toEqual([
      ['bridge', 'virtio'],
      ['direct', 'e1000e'],
      ['user', 'virtio'],
      ['hostdev', undefined],
    ]);
    expect(v.interfaces[0]?.sourceBridge).toBe('br0');
    expect(v.interfaces[1]?.sourceDev).toBe('eno1');
    expect(v.interfaces[3]).toMatchObject({ sourcePciAddress: '0000:41:02.1', managed: true });
  });

  it('pins, binds and backs memory with hugepages when asked', () => {
    const v = readDomain(
      newDomain({
        ...spec,
        pinning: { hostCpus: [8, 24], emulatorCpus: '9', nodeset: '1', hugepageKiB: 1048576 },
      }),
    );
    expect(v.cputune).toMatchObject({
      vcpupin: [
        { vcpu: 0, cpuset: '8' },
        { vcpu: 1, cpuset: '24' },
      ],
      emulatorpin: '9',
    });
    expect(v.numatune?.memory).toEqual({ mode: 'strict', nodeset: '1', placement: undefined });
    // The host node is numatune's; <page nodeset> would name guest NUMA cells, which it has none of.
    expect(v.memoryBacking).toMatchObject({
      hugepages: [{ sizeKiB: 1048576, nodeset: undefined }],
    });
  });

  it.each([
    ['an empty name', { name: '' }, /non-empty/],
    ["a '/' in the name", { name: 'a/b' }, /'\/'/],
    ['a control character', { description: 'bell\u0007' }, /characters XML cannot carry/],
    ['an upper-case uuid', { uuid: UUID.toUpperCase() }, /lower-case UUID/],
    ['no memory', { memoryKiB: 0 }, /positive whole number of KiB/],
    ['no vcpus', { vcpus: 0 }, /at least one vcpu/],
    ['a two-line title', { title: 'a\nb' }, /single line/],
    ['a bad MAC', { nics: [{ mac: '52:54:00:zz:00:01' }] }, /Not a MAC address/],
    ['a disk without target', { disks: [{ source: '/x', target: '' }] }, /target device/],
    ["'--' in the note", { note: 'a -- b' }, /'--'/],
    [
      'pinning for the wrong number of vcpus',
      { pinning: { hostCpus: [1], emulatorCpus: '0', nodeset: '0', hugepageKiB: 2048 } },
      /one host CPU per vcpu/,
    ],
  ])('refuses %s', (_what, change, message) => {
    const e = refusal(() => newDomain({ ...spec, ...change }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', reason: 'INVALID_VALUE' });
    expect(e.message).toMatch(message);
  });
});

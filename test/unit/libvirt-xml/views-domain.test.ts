import { describe, expect, it } from 'vitest';
import {
  canonicalLines,
  parseXml,
  readDomain,
  readSnapshot,
  serializeXml,
  setDomainDescription,
  findElement,
} from '../../../src/shared/libvirt-xml';
import { parseFixture, readFixture } from './fixtures';

// Expected values below were read by hand from the named fixture files.

describe('domain view', () => {
  it('cputune.xml: vcpupin, emulatorpin and scheduler tunables', () => {
    const d = readDomain(parseFixture('domain/cputune.xml', 'domain'));
    expect(d.type).toBe('qemu');
    expect(d.name).toBe('QEMUGuest1');
    expect(d.uuid).toBe('c7a5fdbd-edaf-9455-926a-d65c16db1809');
    expect(d.memoryKiB).toBe(219136);
    expect(d.vcpu).toEqual({ count: 2, placement: 'static' });
    expect(d.cputune).toEqual({
      vcpupin: [
        { vcpu: 0, cpuset: '0' },
        { vcpu: 1, cpuset: '1' },
      ],
      emulatorpin: '1',
      iothreadpin: [],
      shares: 2048,
      period: 1000000,
      quota: -1,
    });
    expect(d.disks.map((x) => [x.type, x.sourceDev, x.targetDev, x.bus])).toEqual([
      ['block', '/dev/HostVG/QEMUGuest1', 'hda', 'ide'],
    ]);
  });

  it('cputune-numatune.xml: vcpu placement/current, iothreadpin, automatic numatune', () => {
    const d = readDomain(parseFixture('domain/cputune-numatune.xml'));
    expect(d.name).toBe('dummy2');
    expect(d.memoryKiB).toBe(131072);
    expect(d.currentMemoryKiB).toBe(65536);
    expect(d.vcpu).toEqual({ count: 6, placement: 'auto', current: 2 });
    expect(d.iothreads).toBe(2);
    expect(d.cputune?.emulatorpin).toBe('1-3');
    expect(d.cputune?.iothreadpin).toEqual([{ iothread: 1, cpuset: '2' }]);
    expect(d.numatune).toEqual({ memory: { mode: 'strict', placement: 'auto' }, memnodes: [] });
    expect(d.memballoon).toEqual({ model: 'none' });
  });

  it('hugepages-shared.xml: hugepages per nodeset, numatune memory + memnode, NUMA cells', () => {
    const d = readDomain(parseFixture('domain/hugepages-shared.xml'));
    expect(d.memoryBacking?.hugepages).toEqual([
      { sizeKiB: 2048, nodeset: '1' },
      { sizeKiB: 1048576, nodeset: '0,2-3' },
    ]);
    expect(d.numatune).toEqual({
      memory: { mode: 'strict', nodeset: '0-3' },
      memnodes: [{ cellid: 3, mode: 'strict', nodeset: '3' }],
    });
    expect(d.cpu?.numaCells).toEqual([
      { id: 0, cpus: '0', memoryKiB: 1048576 },
      { id: 1, cpus: '1', memoryKiB: 1048576, memAccess: 'shared' },
      { id: 2, cpus: '2', memoryKiB: 1048576, memAccess: 'private' },
      { id: 3, cpus: '3', memoryKiB: 1048576 },
    ]);
  });

  it('numatune-memnode.xml: memnodes around a strict memory policy', () => {
    const d = readDomain(parseFixture('domain/numatune-memnode.xml'));
    expect(d.memoryKiB).toBe(24682468);
    expect(d.numatune).toEqual({
      memory: { mode: 'strict', nodeset: '0-7' },
      memnodes: [
        { cellid: 0, mode: 'preferred', nodeset: '3' },
        { cellid: 2, mode: 'strict', nodeset: '1-2,5-7,^6' },
      ],
    });
    expect(d.cpu?.numaCells[1]).toEqual({ id: 1, cpus: '1-27,29', memoryKiB: 660066 });
  });

  it('memfd-memory-numa.xml: a 2 M page is 2048 KiB; memfd source; cpu topology', () => {
    const d = readDomain(parseFixture('domain/memfd-memory-numa.xml'));
    expect(d.memoryBacking).toEqual({
      hugepages: [{ sizeKiB: 2048 }],
      locked: false,
      nosharepages: false,
      sourceType: 'memfd',
      accessMode: 'shared',
      allocationMode: 'immediate',
    });
    expect(d.cpu?.topology).toEqual({ sockets: 1, cores: 8, threads: 1 });
    expect(d.vcpu?.count).toBe(8);
  });

  it('memtune.xml: memory in MiB converts to KiB', () => {
    const d = readDomain(parseFixture('domain/memtune.xml'));
    expect(d.memoryKiB).toBe(214 * 1024);
    expect(d.currentMemoryKiB).toBe(219136);
  });

  it('a composed domain with vcpupin + numatune + hugepages reads all three', () => {
    // No single fixture carries all three; this is the shape virtdesk writes for a pinned VM.
    const d = readDomain(
      parseXml(`<domain type='kvm'><name>pinned</name><memory unit='GiB'>8</memory>
        <memoryBacking><hugepages><page size='1' unit='G' nodeset='0'/></hugepages></memoryBacking>
        <vcpu placement='static' cpuset='2-5'>4</vcpu>
        <cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/></cputune>
        <numatune><memory mode='strict' nodeset='0'/></numatune></domain>`),
    );
    expect(d.memoryKiB).toBe(8 * 1024 * 1024);
    expect(d.memoryBacking?.hugepages).toEqual([{ sizeKiB: 1048576, nodeset: '0' }]);
    expect(d.vcpu).toEqual({ count: 4, placement: 'static', cpuset: '2-5' });
    expect(d.cputune?.vcpupin).toEqual([
      { vcpu: 0, cpuset: '2' },
      { vcpu: 1, cpuset: '3' },
    ]);
    expect(d.numatune?.memory).toEqual({ mode: 'strict', nodeset: '0' });
  });

  it('hostdev-vfio.xml: PCI hostdevs as 0000:bb:ss.f, managed, driver', () => {
    const d = readDomain(parseFixture('domain/hostdev-vfio.xml'));
    expect(d.hostdevs.map((h) => [h.type, h.managed, h.pciAddress, h.driverName])).toEqual([
      ['pci', true, '0000:06:12.1', undefined],
      ['pci', true, '0000:06:12.2', 'vfio'],
      ['pci', true, '0000:06:12.3', undefined],
      ['pci', true, '0000:06:12.4', 'vfio'],
    ]);
    expect(d.hostdevs.every((h) => h.mode === 'subsystem')).toBe(true);
  });

  it('net-hostdev.xml: an SR-IOV VF handed over as an interface', () => {
    const [nic] = readDomain(parseFixture('domain/net-hostdev.xml')).interfaces;
    expect(nic).toMatchObject({
      type: 'hostdev',
      managed: true,
      mac: '00:11:22:33:44:55',
      sourcePciAddress: '0000:03:07.1',
      model: 'rtl8139',
    });
  });

  it('disks: network sources, pool volumes, cache modes', () => {
    const rbd = readDomain(parseFixture('domain/disk-network-rbd.xml')).disks[0];
    expect(rbd).toMatchObject({
      type: 'network',
      device: 'disk',
      sourceProtocol: 'rbd',
      sourceName: 'pool/image',
      format: 'raw',
      driverName: 'qemu',
      targetDev: 'vda',
      bus: 'virtio',
    });
    expect(rbd?.sourceHosts.map((h) => `${h.name}:${h.port}`)).toEqual([
      'mon1.example.org:6321',
      'mon2.example.org:6322',
      'mon3.example.org:6322',
    ]);
    const pool = readDomain(parseFixture('domain/disk-source-pool-mode.xml')).disks;
    expect(pool[0]).toMatchObject({
      type: 'volume',
      device: 'cdrom',
      sourcePool: 'pool-iscsi-auth',
      sourceVolume: 'unit:0:0:1',
      sourceMode: 'host',
      readonly: true,
    });
    expect(pool[3]?.hasAuth).toBe(true);
    const caches = readDomain(parseFixture('domain/disk-cache.xml')).disks.map((x) => x.cache);
    expect(caches).toEqual(['writeback', 'unsafe', 'none', 'writethrough', 'directsync']);
  });

  it('interfaces, consoles, graphics, balloon', () => {
    const mq = readDomain(parseFixture('domain/net-vhostuser-multiq.xml')).interfaces;
    expect(mq.map((n) => n.mac)).toContain('52:54:00:ee:96:6e');
    expect(mq[4]).toMatchObject({ type: 'vhostuser', sourcePath: '/tmp/vhost3.sock', queues: 4 });
    const g = readDomain(parseFixture('domain/graphics-vnc.xml')).graphics[0];
    expect(g).toEqual({
      type: 'vnc',
      port: 5903,
      autoport: false,
      listen: '2001:1:2:3:4:5:1234:1234',
      hasPassword: false,
    });
    const chr = readDomain(parseFixture('domain/serial-tcp-tlsx509-chardev.xml'));
    expect(chr.serials.map((s) => [s.type, s.targetPort])).toEqual([
      ['udp', 0],
      ['tcp', 0],
    ]);
    expect(chr.serials[1]?.sources).toEqual([
      { mode: 'connect', host: '127.0.0.1', service: '5555' },
    ]);
    expect(chr.consoles[0]).toMatchObject({ type: 'udp', targetType: 'serial', targetPort: 0 });
    const balloon = readDomain(parseFixture('domain/balloon-device-period.xml')).memballoon;
    expect(balloon).toEqual({ model: 'virtio', statsPeriodSeconds: 10 });
  });

  it('os: arch, machine, boot order', () => {
    const d = readDomain(parseFixture('domain/boot-complex.xml'));
    expect(d.os?.type).toBe('hvm');
    expect(d.os?.bootDevices).toEqual(['cdrom', 'network', 'hd', 'fd']);
    const simple = readDomain(parseFixture('domain/cputune.xml'));
    expect(simple.os).toMatchObject({ arch: 'i686', machine: 'pc', bootDevices: ['hd'] });
  });

  it('qemu-ns.xml: the qemu: namespace survives an edit of the description', () => {
    const doc = parseFixture('domain/qemu-ns.xml', 'domain');
    const before = canonicalLines(doc);
    setDomainDescription(doc, 'Edited <by> virtdesk & co');
    const out = serializeXml(doc);
    expect(out).toContain("xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'");
    expect(out).toContain("<qemu:arg value='-unknown'/>");
    expect(out).toContain("<qemu:env name='NS' value='ns'/>");
    expect(out).toContain(`<qemu:add capability='vnc-colon'/>`);
    const again = parseXml(out, { root: 'domain' });
    expect(readDomain(again).description).toBe('Edited <by> virtdesk & co');
    expect(findElement(again.root, 'qemu:commandline')).toBeDefined();
    const after = canonicalLines(again).filter((l) => !l.startsWith('/domain[0]/description[0]'));
    expect(after).toEqual(before);
  });

  it('a snapshot carries a readable <domain>', () => {
    const doc = parseFixture('snapshot/out_full_domain.xml');
    const snap = readSnapshot(doc);
    expect(snap.domainName).toBe('QEMUGuest1');
    const inner = findElement(doc.root, 'domain');
    expect(inner && readDomain(inner).vcpu).toEqual({
      count: 1,
      placement: 'static',
      cpuset: '1-4,8-20,525',
    });
  });

  it('qemu-ns.xml source is untouched by reading', () => {
    const text = readFixture('domain/qemu-ns.xml');
    const doc = parseXml(text);
    readDomain(doc);
    expect(serializeXml(doc).replace(/"/g, "'")).toBe(text.replace(/"/g, "'"));
  });
});

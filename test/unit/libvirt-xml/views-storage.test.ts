import { describe, expect, it } from 'vitest';
import { readNetwork, readPool, readSnapshot, readVolume } from '../../../src/shared/libvirt-xml';
import { parseFixture } from './fixtures';

// Expected values below were read by hand from the named fixture files.

describe('pool view', () => {
  it('pool-netfs.xml: an NFS pool', () => {
    expect(readPool(parseFixture('pool/pool-netfs.xml', 'pool'))).toEqual({
      type: 'netfs',
      name: 'nfsimages',
      uuid: '7641d5a8-af11-f730-a34e-0a7dfcede71f',
      capacityBytes: 0,
      allocationBytes: 0,
      availableBytes: 0,
      targetPath: '/mnt',
      sourceHosts: [{ name: 'localhost' }],
      sourceDir: '/var/lib/libvirt/images',
      sourceDevices: [],
      sourceFormat: 'nfs',
    });
  });

  it('pool-rbd.xml and pool-iscsi.xml: network sources', () => {
    const rbd = readPool(parseFixture('pool/pool-rbd.xml'));
    expect(rbd.sourceName).toBe('rbd');
    expect(rbd.sourceHosts).toEqual([
      { name: 'localhost', port: 6789 },
      { name: 'localhost', port: 6790 },
    ]);
    expect(rbd.capacityBytes).toBeUndefined();
    const iscsi = readPool(parseFixture('pool/pool-iscsi.xml'));
    expect(iscsi.sourceHosts).toEqual([{ name: 'iscsi.example.com' }]);
    expect(iscsi.sourceDevices).toEqual(['demo-target']);
    expect(iscsi.targetPath).toBe('/dev/disk/by-path');
    const fc = readPool(parseFixture('pool/pool-scsi-type-fc-host.xml'));
    expect(fc.sourceAdapter).toBe('scsi_host5');
  });
});

describe('volume view', () => {
  it('vol-qcow2.xml: capacity in G, allocation in bytes, backing store', () => {
    expect(readVolume(parseFixture('vol/vol-qcow2.xml', 'volume'))).toEqual({
      name: 'OtherDemo.img',
      key: '/var/lib/libvirt/images/OtherDemo.img',
      capacityBytes: 5 * 1024 ** 3,
      allocationBytes: 294912,
      targetPath: '/var/lib/libvirt/images/OtherDemo.img',
      format: 'qcow2',
      backingPath: '/dev/null',
      backingFormat: 'raw',
      encrypted: false,
    });
  });

  it('vol-file.xml and vol-file-backing.xml: TiB, bytes, decimal GB', () => {
    const sparse = readVolume(parseFixture('vol/vol-file.xml'));
    expect(sparse.capacityBytes).toBe(1024 ** 4);
    expect(sparse.allocationBytes).toBe(0);
    const backed = readVolume(parseFixture('vol/vol-file-backing.xml'));
    expect(backed.capacityBytes).toBe(10 * 1000 ** 3);
    expect(backed.backingFormat).toBe('vmdk');
    expect(readVolume(parseFixture('vol/vol-luks.xml')).encrypted).toBe(true);
  });
});

describe('snapshot view', () => {
  it('external_vm.xml: memory saved externally, with a parent', () => {
    expect(readSnapshot(parseFixture('snapshot/external_vm.xml', 'domainsnapshot'))).toEqual({
      name: 'my snap name',
      description: '!@#$%^',
      state: 'running',
      creationTime: 1272917631,
      parent: 'earlier_snap',
      memorySnapshot: 'external',
      memoryFile: '/dev/HostVG/GuestMemory',
      disks: [],
    });
  });

  it('disk_snapshot.xml: per-disk snapshot modes', () => {
    const snap = readSnapshot(parseFixture('snapshot/disk_snapshot.xml'));
    expect(snap.parent).toBeUndefined();
    expect(snap.disks.map((d) => [d.name, d.snapshot])).toEqual([
      ['/dev/HostVG/QEMUGuest1', undefined],
      ['hdb', 'no'],
      ['hdc', 'internal'],
      ['hdd', 'external'],
      ['hde', 'external'],
      ['hde', 'external'],
      ['hdf', 'external'],
      ['hdg', 'external'],
      ['hdh', 'external'],
    ]);
    expect(snap.disks[3]?.format).toBe('qed');
    expect(snap.disks[4]?.sourceFile).toBe('/path/to/new');
    expect(snap.disks[6]).toMatchObject({ type: 'block', sourceDev: '/path/to/new3' });
  });

  it('noparent.xml and out_full_domain.xml: the domain it belongs to, current flag', () => {
    expect(readSnapshot(parseFixture('snapshot/noparent.xml')).domainUuid).toBe(
      '9d37b878-a7cc-9f9a-b78f-49b3abad25a8',
    );
    const full = readSnapshot(parseFixture('snapshot/out_full_domain.xml'));
    expect(full.parent).toBe('earlier_snap');
    expect(full.current).toBe(true);
  });
});

describe('network view', () => {
  it('nat-network.xml: NAT with a DHCP range and static hosts', () => {
    expect(readNetwork(parseFixture('network/nat-network.xml', 'network'))).toEqual({
      name: 'default',
      uuid: '81ff0d90-c91e-6742-64da-4a736edb9a9b',
      forwardMode: 'nat',
      forwardDev: 'eth1',
      forwardInterfaces: [],
      forwardAddresses: [],
      bridge: 'virbr0',
      ips: [
        {
          address: '192.168.122.1',
          netmask: '255.255.255.0',
          dhcpRanges: [{ start: '192.168.122.2', end: '192.168.122.254' }],
          dhcpHosts: [
            { mac: '00:16:3e:77:e2:ed', name: 'a.example.com', ip: '192.168.122.10' },
            { mac: '00:16:3e:3e:a9:1a', name: 'b.example.com', ip: '192.168.122.11' },
          ],
        },
      ],
    });
  });

  it('dhcp6-network.xml, host-bridge-net.xml, hostdev-pf-driver-model.xml', () => {
    const v6 = readNetwork(parseFixture('network/dhcp6-network.xml'));
    expect(v6.domainName).toBe('mynet');
    expect(v6.ips[0]).toMatchObject({
      family: 'ipv6',
      address: '2001:db8:ac10:fd01::1',
      prefix: 64,
    });
    expect(v6.ips[0]?.dhcpHosts[1]).toEqual({ name: 'paul', ip: '2001:db8:ac10:fd01::1:21' });
    const bridge = readNetwork(parseFixture('network/host-bridge-net.xml'));
    expect([bridge.forwardMode, bridge.bridge]).toEqual(['bridge', 'br0']);
    const hostdev = readNetwork(parseFixture('network/hostdev-pf-driver-model.xml'));
    expect(hostdev.forwardMode).toBe('hostdev');
    expect(hostdev.forwardInterfaces).toEqual(['eth2']);
    expect(readNetwork(parseFixture('network/isolated-network.xml')).forwardMode).toBeUndefined();
  });
});

// Each pre-check (common/migrationChecks.ts) from facts alone, and the option combinations
// (shared/migration.ts) with the request schemas.
import { describe, expect, it } from 'vitest';
import type { MigrationCheckInput } from '../../../src/main/drivers/common/migrationChecks';
import {
  domainMigrationFacts,
  migrationProblems,
} from '../../../src/main/drivers/common/migrationChecks';
import type { MigrationOptions } from '../../../src/shared/migration';
import { DEFAULT_MIGRATION_OPTIONS, migrationOptionProblems } from '../../../src/shared/migration';
import { validateRequest } from '../../../src/shared/validation/requests';

const GiB = 2 ** 30;

function input(over: {
  vm?: Partial<MigrationCheckInput['vm']>;
  dest?: Partial<MigrationCheckInput['dest']>;
  options?: Partial<MigrationOptions>;
  presentPaths?: string[];
}): MigrationCheckInput {
  return {
    vm: {
      id: 'u-1',
      name: 'web',
      state: 'running',
      memoryBytes: 4 * GiB,
      cpu: { mode: 'custom', model: 'qemu64', required: [] },
      hostdevs: [],
      disks: [{ target: 'vda', path: '/var/lib/libvirt/images/web.qcow2', shared: false }],
      hostCpuModel: 'AMD EPYC',
      snapshotCount: 0,
      xml: '<domain/>',
      ...over.vm,
    },
    sourceName: 'h1',
    destName: 'h2',
    dest: {
      freeMemoryBytes: 64 * GiB,
      cpuModel: 'AMD EPYC',
      cpuIncompatible: null,
      vms: [{ id: 'u-9', name: 'db' }],
      ...over.dest,
    },
    presentPaths: over.presentPaths ?? [],
    options: { ...DEFAULT_MIGRATION_OPTIONS, storage: 'copy-all', ...over.options },
  };
}

const only = (i: MigrationCheckInput) =>
  migrationProblems(i).map((p) => ({
    code: p.code,
    level: p.level,
    message: p.message,
    fix: p.fix,
  }));

describe('migration pre-checks', () => {
  it('passes a running VM with copied storage to a roomy destination', () => {
    expect(migrationProblems(input({}))).toEqual([]);
  });

  it('refuses a name or a UUID the destination already has', () => {
    expect(only(input({ dest: { vms: [{ id: 'u-2', name: 'web' }] } }))).toEqual([
      {
        code: 'name-exists',
        level: 'error',
        message: 'h2 already has a VM named web.',
        fix: 'Rename one of the two first.',
      },
    ]);
    expect(only(input({ dest: { vms: [{ id: 'u-1', name: 'old-web' }] } }))).toEqual([
      {
        code: 'uuid-exists',
        level: 'error',
        message: "h2 already has a VM with web's UUID (u-1), named old-web.",
        fix: 'Undefine that copy on h2 first if it is a stale one.',
      },
    ]);
  });

  it('refuses when the destination lacks free memory', () => {
    expect(only(input({ dest: { freeMemoryBytes: 2 * GiB } }))).toEqual([
      {
        code: 'memory',
        level: 'error',
        message: 'h2 has 2.0 GiB of memory free; web needs 4.0 GiB.',
        fix: "Stop a VM on h2, lower web's memory, or choose another host.",
      },
    ]);
  });

  it('refuses a CPU the destination cannot run; warns on host-passthrough across CPU models', () => {
    expect(
      only(input({ dest: { cpuIncompatible: 'it lacks the feature avx512f' } }))[0],
    ).toMatchObject({
      code: 'cpu',
      level: 'error',
      message: "h2's CPU cannot run web's CPU model: it lacks the feature avx512f.",
    });
    const pt = only(
      input({
        vm: { cpu: { mode: 'host-passthrough', model: null, required: [] } },
        dest: { cpuModel: 'Intel Xeon' },
      }),
    );
    expect(pt).toEqual([expect.objectContaining({ code: 'cpu', level: 'warning' })]);
    expect(pt[0]?.message).toContain("h2's CPU (Intel Xeon) is not h1's (AMD EPYC)");
  });

  it('refuses a passed-through host device, naming it', () => {
    expect(only(input({ vm: { hostdevs: ['PCI 0000:41:00.0 (X710)'] } }))).toEqual([
      {
        code: 'hostdev',
        level: 'error',
        message:
          'web has a host device passed through (PCI 0000:41:00.0 (X710)); a device of one host cannot move to another.',
        fix: 'Detach PCI 0000:41:00.0 (X710) from web first.',
      },
    ]);
  });

  it('refuses a local disk the destination does not have unless storage is copied', () => {
    expect(only(input({ options: { storage: 'shared' } }))).toEqual([
      {
        code: 'local-disk',
        level: 'error',
        message:
          'Disk vda (/var/lib/libvirt/images/web.qcow2) is local to h1 and h2 does not have it.',
        fix: 'Choose storage: copy all (or copy incremental when the destination has a base image).',
      },
    ]);
    expect(migrationProblems(input({ options: { storage: 'copy-inc' } }))).toEqual([]);
    // A disk on shared storage (NFS pool, network disk) needs nothing.
    expect(
      migrationProblems(
        input({
          options: { storage: 'shared' },
          vm: { disks: [{ target: 'vda', path: 'rbd/web', shared: true }] },
        }),
      ),
    ).toEqual([]);
  });

  it('asks for "unsafe" when the same path exists but cannot be proven shared', () => {
    const present = ['/var/lib/libvirt/images/web.qcow2'];
    const [p] = only(input({ options: { storage: 'shared' }, presentPaths: present }));
    expect(p).toMatchObject({ code: 'unsafe-storage', level: 'error' });
    expect(p?.message).toBe(
      'libvirt cannot prove Disk vda (/var/lib/libvirt/images/web.qcow2) is shared storage, though h2 has the same path.',
    );
    expect(p?.fix).toMatch(/migrate anyway \(unsafe\)/);
    const [w] = only(
      input({ options: { storage: 'shared', unsafe: true }, presentPaths: present }),
    );
    expect(w).toMatchObject({ code: 'unsafe-storage', level: 'warning' });
  });

  it('live needs an active VM, offline a shut-off one; snapshots block a live migration', () => {
    expect(only(input({ vm: { state: 'shutoff' } }))[0]).toMatchObject({
      code: 'state',
      message: 'web is shut off: a live migration moves a running VM.',
      fix: 'Choose offline to move only its definition, or start it first.',
    });
    expect(only(input({ options: { live: false, storage: 'shared' } }))[0]).toMatchObject({
      code: 'state',
      message: 'web is running: an offline migration moves only the definition of a shut-off VM.',
    });
    // Offline: a disk missing there is only a warning (the VM will not start until it is).
    expect(
      only(input({ vm: { state: 'shutoff' }, options: { live: false, storage: 'shared' } })).map(
        (p) => p.level,
      ),
    ).toEqual(['warning']);
    expect(only(input({ vm: { snapshotCount: 2 } }))[0]).toMatchObject({
      code: 'state',
      message: 'web has 2 snapshots, and libvirt does not live-migrate a VM with snapshots.',
    });
  });

  it('reads hostdevs, the CPU and the disks from a domain definition', () => {
    const f = domainMigrationFacts(`<domain type='kvm'><name>x</name>
      <cpu mode='custom'><model>Skylake-Server</model><feature policy='require' name='avx512f'/><feature policy='disable' name='hle'/></cpu>
      <devices>
        <disk type='file' device='disk'><source file='/i/x.qcow2'/><target dev='vda' bus='virtio'/></disk>
        <disk type='file' device='cdrom'><source file='/iso/d.iso'/><target dev='sda' bus='sata'/></disk>
        <disk type='network' device='disk'><source protocol='rbd' name='pool/x'/><target dev='vdb' bus='virtio'/></disk>
        <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x41' slot='0x00' function='0x0'/></source></hostdev>
        <interface type='hostdev'><mac address='52:54:00:00:00:01'/><source><address type='pci' domain='0x0000' bus='0x41' slot='0x02' function='0x1'/></source></interface>
      </devices></domain>`);
    expect(f.cpu).toEqual({ mode: 'custom', model: 'Skylake-Server', required: ['avx512f'] });
    expect(f.hostdevs).toEqual(['PCI 0000:41:00.0', 'network VF 0000:41:02.1']);
    expect(f.disks).toEqual([
      { target: 'vda', path: '/i/x.qcow2', network: false },
      { target: 'vdb', path: 'pool/x', network: true },
    ]);
  });
});

describe('migration options', () => {
  const problems = (o: Partial<MigrationOptions>) =>
    migrationOptionProblems({ ...DEFAULT_MIGRATION_OPTIONS, ...o }).map((p) => p.message);

  it('accepts the defaults and explains each invalid combination', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ live: false, postcopy: true })).toContain(
      'Post-copy needs a live migration: an offline migration copies no memory.',
    );
    expect(problems({ live: false, autoConverge: true })).toHaveLength(1);
    expect(problems({ live: false, storage: 'copy-all' })).toHaveLength(1);
    expect(problems({ live: false, persistent: false })).toEqual([
      'An offline migration moves only the definition, so it must be persistent.',
    ]);
    expect(problems({ compression: 'zstd' })).toEqual([
      'zstd compression needs parallel connections (multifd).',
    ]);
    expect(problems({ compression: 'zstd', parallelConnections: 4 })).toEqual([]);
    expect(problems({ compression: 'xbzrle', parallelConnections: 4 })).toHaveLength(1);
    expect(problems({ postcopy: true, parallelConnections: 4 })).toHaveLength(1);
  });

  it('the request schema refuses what no dialog sends', () => {
    const req = (options: unknown) =>
      validateRequest('vmMigrate', { hostId: 'h1', vmId: 'v', destHostId: 'h2', options });
    expect(() => req(DEFAULT_MIGRATION_OPTIONS)).not.toThrow();
    expect(() => req({ ...DEFAULT_MIGRATION_OPTIONS, bandwidthMiBs: 0 })).toThrow();
    expect(() => req({ ...DEFAULT_MIGRATION_OPTIONS, parallelConnections: 1 })).toThrow();
    expect(() => req({ ...DEFAULT_MIGRATION_OPTIONS, storage: 'rsync' })).toThrow();
    expect(() =>
      req({ ...DEFAULT_MIGRATION_OPTIONS, destUri: 'qemu:///system\nrm -rf /' }),
    ).toThrow();
    expect(() => req({ ...DEFAULT_MIGRATION_OPTIONS, extra: 1 })).toThrow();
    // The destination override is a libvirt URI, nothing else a URI parser would take.
    for (const bad of ['http://x', 'ssh://host', 'myalias', 'file:///etc/passwd'])
      expect(() => req({ ...DEFAULT_MIGRATION_OPTIONS, destUri: bad })).toThrow(/libvirt URI/);
    for (const good of [
      'qemu+ssh://root@10.0.0.2/system',
      'qemu+unix:///session?socket=/run/user/1000/libvirt/libvirt-sock',
      'qemu+tcp://10.0.0.2/system',
    ])
      expect(() => req({ ...DEFAULT_MIGRATION_OPTIONS, destUri: good })).not.toThrow();
  });
});

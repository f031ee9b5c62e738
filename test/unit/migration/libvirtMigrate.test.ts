// The libvirt side's pure parts: the options as `virsh migrate` words, domjobinfo --rawstats as
// progress, domstats --dirtyrate, nodememstats, and the destination URI as the source sees it.
import { describe, expect, it } from 'vitest';
import {
  migrateWords,
  parseDirtyRate,
  parseFreeMemory,
  parseJobStats,
  progressOf,
} from '../../../src/main/drivers/libvirt-ssh/migrateCommand';
import { destUriFor, sameMachine } from '../../../src/main/drivers/libvirt-ssh/migrationUri';
import type { HostTarget } from '../../../src/main/drivers/libvirt-ssh/target';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';

// Captured on the testbed (libvirt 9.0) during a migration of a 256 MiB guest at 20 MiB/s.
const RAW = `Job type: 2

operation: 5
time_elapsed: 6923
downtime: 500
setup_time: 1
data_total: 268967936
data_processed: 67082588
data_remaining: 201885348
memory_total: 268967936
memory_processed: 67082588
memory_remaining: 201885348
memory_bps: 21004380
memory_constant: 49513
memory_normal: 16237
memory_normal_bytes: 66506752
memory_dirty_rate: 28
memory_iteration: 1
memory_postcopy_requests: 0
memory_page_size: 4096
disk_total: 0
`;

const ssh = (hostName: string, port: number, virshUri: string, user = 'vdtest'): HostTarget =>
  ({
    kind: 'ssh',
    hostName,
    port,
    user,
    virshUri,
    uri: `qemu+ssh://${user}@${hostName}:${port}${virshUri.slice(6)}`,
  }) as HostTarget;
const local = (virshUri: string): HostTarget => ({
  kind: 'local',
  virshUri,
  uri: virshUri,
  hostName: 'this machine',
});

describe('virsh migrate words', () => {
  it('maps every option', () => {
    expect(migrateWords('u1', 'qemu+ssh://h2/system', DEFAULT_MIGRATION_OPTIONS)).toEqual([
      'migrate',
      '--live',
      '--persistent',
      '--undefinesource',
      '--domain',
      'u1',
      '--desturi',
      'qemu+ssh://h2/system',
    ]);
    const all = migrateWords('u1', 'D', {
      ...DEFAULT_MIGRATION_OPTIONS,
      persistent: false,
      undefineSource: false,
      bandwidthMiBs: 100,
      autoConverge: true,
      postcopy: true,
      compression: 'zstd',
      parallelConnections: 4,
      storage: 'copy-all',
      unsafe: true,
    });
    expect(all).toEqual([
      'migrate',
      '--live',
      '--bandwidth',
      '100',
      '--auto-converge',
      '--postcopy',
      '--parallel',
      '--parallel-connections',
      '4',
      '--compressed',
      '--comp-methods',
      'zstd',
      '--copy-storage-all',
      '--unsafe',
      '--domain',
      'u1',
      '--desturi',
      'D',
    ]);
    expect(
      migrateWords('u1', 'D', {
        ...DEFAULT_MIGRATION_OPTIONS,
        compression: 'xbzrle',
        storage: 'copy-inc',
      }),
    ).toContain('--copy-storage-inc');
    expect(
      migrateWords('u1', 'D', { ...DEFAULT_MIGRATION_OPTIONS, live: false }).slice(0, 2),
    ).toEqual(['migrate', '--offline']);
  });
});

describe('domjobinfo --rawstats', () => {
  it('reads the fields exactly and turns them into progress', () => {
    const { jobType, fields } = parseJobStats(RAW);
    expect(jobType).toBe(2);
    expect(fields.get('memory_remaining')).toBe(201885348);
    const p = progressOf(fields, {
      postcopy: false,
      options: { ...DEFAULT_MIGRATION_OPTIONS, bandwidthMiBs: 20, postcopy: true },
      maxDowntimeMs: 500,
      memoryBytes: 256 * 2 ** 20,
    });
    expect(p).toEqual({
      phase: 'precopy',
      iteration: 1,
      memoryTotalBytes: 268967936,
      memoryTransferredBytes: 67082588,
      memoryRemainingBytes: 201885348,
      dirtyRateBytesPerSec: 28 * 4096,
      bandwidthBytesPerSec: 21004380,
      expectedDowntimeMs: Math.round((201885348 * 1000) / 21004380),
      etaMs: Math.round((201885348 * 1000) / (21004380 - 28 * 4096)),
      throttlePercent: 0,
      bandwidthMiBs: 20,
      maxDowntimeMs: 500,
      postcopyAvailable: true,
    });
  });

  it('is setup before the first figures, post-copy once switched, no ETA when not converging', () => {
    const setup = progressOf(
      parseJobStats('Job type: 2\n\noperation: 5\ntime_elapsed: 900\n').fields,
      {
        postcopy: false,
        options: DEFAULT_MIGRATION_OPTIONS,
        maxDowntimeMs: 300,
        memoryBytes: 1024,
      },
    );
    expect(setup).toMatchObject({
      phase: 'setup',
      memoryTotalBytes: 1024,
      memoryRemainingBytes: 1024,
    });
    const fields = parseJobStats(
      RAW.replace('memory_dirty_rate: 28', 'memory_dirty_rate: 9000'),
    ).fields;
    const ctx = {
      postcopy: false,
      options: DEFAULT_MIGRATION_OPTIONS,
      maxDowntimeMs: 300,
      memoryBytes: 0,
    };
    expect(progressOf(fields, ctx).etaMs).toBeNull();
    expect(progressOf(fields, { ...ctx, postcopy: true })).toMatchObject({
      phase: 'postcopy',
      postcopyAvailable: false,
    });
    expect(parseJobStats('Job type: 0\n').jobType).toBe(0);
  });
});

describe('dirty rate and free memory', () => {
  it('reads domstats --dirtyrate only once measured', () => {
    const measuring = "Domain: 'x'\n  dirtyrate.calc_status=1\n  dirtyrate.calc_period=1\n";
    expect(parseDirtyRate(measuring)).toBeNull();
    expect(
      parseDirtyRate(
        "Domain: 'x'\n  dirtyrate.calc_status=2\n  dirtyrate.calc_period=1\n  dirtyrate.megabytes_per_second=4\n",
      ),
    ).toEqual({ bytesPerSec: 4 * 2 ** 20, periodS: 1 });
  });

  it('reads nodememstats as free + buffers + cache', () => {
    const text =
      'total  :             24683748 KiB\nfree   :             21630356 KiB\nbuffers:                43860 KiB\ncached :               919184 KiB\n';
    expect(parseFreeMemory(text)).toBe((21630356 + 43860 + 919184) * 1024);
    expect(parseFreeMemory('nothing')).toBeNull();
  });
});

describe('the destination URI the source is given', () => {
  const sock = '/home/vdtest/.cache/libvirt/libvirt-sock';

  it('uses the daemon socket when both are on one machine', () => {
    const sys = ssh('127.0.0.1', 2222, 'qemu:///system');
    const ses = ssh('127.0.0.1', 2222, 'qemu:///session');
    expect(sameMachine(sys, ses)).toBe(true);
    expect(destUriFor(sys, ses, sock)).toBe(`qemu+unix:///session?socket=${sock}`);
    expect(destUriFor(ses, sys, null)).toBe('qemu+unix:///system?socket=/run/libvirt/libvirt-sock');
    // The local hypervisor and an ssh connection to loopback are one machine too.
    const lses = local(`qemu+unix:///session?socket=${sock}`);
    expect(sameMachine(local('qemu:///system'), sys)).toBe(true);
    expect(destUriFor(local('qemu:///system'), lses, null)).toBe(
      `qemu+unix:///session?socket=${sock}`,
    );
  });

  it('uses qemu+ssh to another machine, without virtdesk-only parameters', () => {
    const a = ssh('hv1.lan', 22, 'qemu:///system', 'root');
    const b = {
      ...ssh('hv2.lan', 22, 'qemu:///system', 'admin'),
      uri: 'qemu+ssh://admin@hv2.lan/system?keyfile=/home/me/.ssh/k',
    } as HostTarget;
    expect(sameMachine(a, b)).toBe(false);
    expect(destUriFor(a, b, null)).toBe('qemu+ssh://admin@hv2.lan/system');
    expect(destUriFor(a, ssh('hv2.lan', 2200, 'qemu:///session', 'u'), null)).toBe(
      'qemu+ssh://u@hv2.lan:2200/session',
    );
  });
});

// The Migrate dialog's pure parts: which hosts a VM may be dropped on (and why not), the form's
// numbers, and the forecast sentences from the shared pre-copy model.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATION_OPTIONS, migrationOptionProblems } from '../../../src/shared/migration';
import { forecastPrecopy } from '../../../src/shared/precopy';
import {
  formatDuration,
  formatRate,
  forecastMigration,
  precopyParams,
} from '../../../src/renderer/src/lib/migrationForecast';
import { formOptions, initialForm } from '../../../src/renderer/src/lib/migrationForm';
import { migrateRefusal, noDestination } from '../../../src/renderer/src/lib/migrationTargets';
import { ALL_CAPABILITIES, host, vm } from './fixtures';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('migrateRefusal', () => {
  const a = host('a', 'alpha');
  const b = host('b', 'beta');
  const running = vm('a', 'u1', 'web', 'running');

  it('allows a running VM to another connected host of the same kind', () => {
    expect(migrateRefusal(running, a, b, false)).toBeNull();
    expect(migrateRefusal(vm('a', 'u1', 'web', 'shutoff'), a, b, false)).toBeNull();
  });

  it('refuses the same host, naming it', () => {
    expect(migrateRefusal(running, a, a, false)).toBe('web is already on alpha.');
  });

  it('refuses a host of another driver kind with both labels', () => {
    const sim = {
      ...host('s', 'sim1'),
      driver: 'simulated' as const,
      driverLabel: 'Simulated KVM',
    };
    expect(migrateRefusal(running, a, sim, false)).toBe(
      'sim1 is Simulated KVM and alpha is libvirt over SSH: a VM migrates only between hosts of the same kind.',
    );
  });

  it('refuses a host without the migrate capability', () => {
    const c = { ...host('c', 'gamma'), capabilities: { ...ALL_CAPABILITIES, migrate: false } };
    expect(migrateRefusal(running, a, c, false)).toMatch(
      /^gamma \(libvirt over SSH\) cannot receive/,
    );
  });

  it('refuses a disconnected destination or source', () => {
    expect(migrateRefusal(running, a, host('d', 'delta', 'disconnected'), false)).toBe(
      'delta is not connected.',
    );
    expect(migrateRefusal(running, host('a', 'alpha', 'connecting'), b, false)).toBe(
      'alpha is not connected.',
    );
  });

  it('refuses a VM already migrating or in a state that cannot move', () => {
    expect(migrateRefusal(running, a, b, true)).toBe('web is already migrating.');
    expect(migrateRefusal(vm('a', 'u1', 'web', 'crashed'), a, b, false)).toMatch(
      /^web is crashed: it can migrate while running/,
    );
  });

  it('noDestination gives the shared reason, or null when one host will do', () => {
    expect(noDestination(running, [a, b], false)).toBeNull();
    expect(noDestination(running, [a], false)).toBe('There is no other host to migrate to.');
    expect(noDestination(running, [a, b, host('c')], true)).toBe('web is already migrating.');
  });
});

describe('migration form', () => {
  it('starts live for a running VM and offline for a shut-off one, with the defaults', () => {
    const live = formOptions(initialForm({ state: 'running' }, 'b'));
    expect(live.options).toEqual(DEFAULT_MIGRATION_OPTIONS);
    expect(live.errors).toEqual({});
    expect(formOptions(initialForm({ state: 'shutoff' }, 'b')).options.live).toBe(false);
  });

  it('reads numbers, empty as null, and names what is wrong', () => {
    const f = { ...initialForm({ state: 'running' }, 'b'), bandwidth: ' 64 ', maxDowntime: '' };
    expect(formOptions(f).options.bandwidthMiBs).toBe(64);
    expect(formOptions(f).options.maxDowntimeMs).toBeNull();
    const bad = formOptions({ ...f, bandwidth: '1.5', parallel: '1', maxDowntime: 'x' });
    expect(bad.errors).toEqual({
      bandwidth: 'Bandwidth (MiB/s) must be a whole number.',
      parallel: 'Parallel connections must be between 2 and 16.',
      maxDowntime: 'Max downtime (ms) must be a whole number.',
    });
  });

  it('an edited destination URI is sent, a blank one derives it again', () => {
    const f = initialForm({ state: 'running' }, 'b');
    expect(formOptions({ ...f, destUri: ' qemu+tcp://b/system ' }).options.destUri).toBe(
      'qemu+tcp://b/system',
    );
    expect(formOptions({ ...f, destUri: '  ' }).options.destUri).toBeNull();
  });

  it('invalid combinations come from the shared rules (post-copy offline)', () => {
    const f = { ...initialForm({ state: 'shutoff' }, 'b'), postcopy: true };
    expect(migrationOptionProblems(formOptions(f).options)[0]?.message).toMatch(
      /^Post-copy needs a live migration/,
    );
  });
});

describe('forecast', () => {
  const opts = (o: Partial<typeof DEFAULT_MIGRATION_OPTIONS>) => ({
    ...DEFAULT_MIGRATION_OPTIONS,
    ...o,
  });

  it('is the shared model’s answer for the same inputs', () => {
    const o = opts({ bandwidthMiBs: 100, maxDowntimeMs: 300 });
    const f = forecastPrecopy(precopyParams(2 * GiB, 4e6, o));
    expect(f.converges).toBe(true);
    const text = forecastMigration(2 * GiB, 4e6, o)!;
    expect(text.converges).toBe(true);
    if (!f.converges) throw new Error('unreachable');
    expect(text.text).toBe(
      `Converges in ${f.iterations} iterations: about ${formatDuration(f.totalMs)} in total, downtime about ${formatDuration(f.downtimeMs)}.`,
    );
  });

  it('says it will not converge when the guest dirties faster than the bandwidth', () => {
    const text = forecastMigration(1 * GiB, 400e6, opts({ bandwidthMiBs: 100 }))!;
    expect(text.converges).toBe(false);
    expect(text.text).toBe(
      'Will not converge: the guest dirties 400 MB/s against 105 MB/s — raise bandwidth, enable auto-converge or post-copy.',
    );
    expect(text.postcopy).toBeNull();
    const pc = forecastMigration(1 * GiB, 400e6, opts({ bandwidthMiBs: 100, postcopy: true }))!;
    expect(pc.postcopy).toMatch(
      /^With post-copy, switching after the first pass finishes in about/,
    );
  });

  it('auto-converge can turn the verdict', () => {
    const stuck = forecastMigration(1 * GiB, 150e6, opts({ bandwidthMiBs: 100 }))!;
    const throttled = forecastMigration(
      1 * GiB,
      150e6,
      opts({ bandwidthMiBs: 100, autoConverge: true }),
    )!;
    expect(stuck.converges).toBe(false);
    expect(throttled.converges).toBe(true);
    expect(throttled.text).toMatch(/auto-converge throttling the vCPUs by \d+ %/);
  });

  it('has nothing to forecast offline', () => {
    expect(forecastMigration(GiB, 1e6, opts({ live: false }))).toBeNull();
  });

  it('words rates and durations', () => {
    expect(formatRate(4_200_000)).toBe('4.2 MB/s');
    expect(formatRate(125_000_000)).toBe('125 MB/s');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });
});

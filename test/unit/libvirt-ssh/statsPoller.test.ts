// The 3 s stats ticker: the active domains every tick; the shut-off domains' memory every
// DRIFT_EVERY_TICKS-th, in the same round trip, for the drift check. A failed half loses only
// itself; nothing is asked while nobody listens.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/drivers/clock';
import type { Virsh } from '../../../src/main/drivers/libvirt-ssh/domain';
import {
  DOMSTATS_ACTIVE_LINE,
  DOMSTATS_INACTIVE_LINE,
  DRIFT_EVERY_TICKS,
  StatsPoller,
} from '../../../src/main/drivers/libvirt-ssh/stats';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';
import { VirtdeskError } from '../../../src/shared/errors';
import type { StatsTick } from '../../../src/shared/model';

const ACTIVE = `Domain: 'vd-run'
  state.state=1
  state.reason=1
  cpu.time=2000000000
  balloon.current=262144
  balloon.maximum=262144
  balloon.rss=200000

`;
const INACTIVE = `Domain: 'vd-off'
  balloon.current=262144
  balloon.maximum=262144

`;

function poller(opts: { failInactive?: boolean; failActive?: boolean; wanted?: () => boolean }) {
  const clock = new ManualClock();
  const batches: string[][] = [];
  const virsh: Virsh = {
    batch: (lines) => {
      batches.push([...lines]);
      return Promise.resolve(
        lines.map((l): VirshResult => {
          const fail = l === DOMSTATS_ACTIVE_LINE ? opts.failActive : opts.failInactive;
          if (fail) return { ok: false, error: new VirtdeskError('HOST_ERROR', 'busy') };
          return { ok: true, stdout: l === DOMSTATS_ACTIVE_LINE ? ACTIVE : INACTIVE };
        }),
      );
    },
    call: () => Promise.reject(new Error('the poller batches')),
  };
  const ticks: StatsTick[] = [];
  const inactive: string[] = [];
  const stats = new StatsPoller({
    virsh,
    clock,
    domains: new Map([['vd-run', { id: 'u-run', vcpus: 1 }]]),
    onStats: (t) => ticks.push(t),
    onInactive: (text) => inactive.push(text),
    wanted: opts.wanted ?? (() => true),
    intervalMs: 3000,
  });
  /** Runs `n` ticks, letting each one's reply settle. */
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.advance(i === 0 ? 0 : 3000);
      await new Promise((r) => setImmediate(r));
    }
  };
  return { stats, batches, ticks, inactive, run };
}

describe('StatsPoller', () => {
  it('asks the active domains every tick, the inactive ones every DRIFT_EVERY_TICKS-th with them', async () => {
    const p = poller({});
    p.stats.start();
    await p.run(DRIFT_EVERY_TICKS + 1);
    p.stats.stop();
    const both = [DOMSTATS_ACTIVE_LINE, DOMSTATS_INACTIVE_LINE];
    const one = [DOMSTATS_ACTIVE_LINE];
    expect(p.batches).toEqual([both, ...Array(DRIFT_EVERY_TICKS - 1).fill(one), both]);
    expect(p.ticks).toHaveLength(DRIFT_EVERY_TICKS + 1);
    expect(p.ticks[0]!.vms).toEqual([{ vmId: 'u-run', cpuPercent: 0, memoryUsedKiB: 200000 }]);
    expect(p.inactive).toEqual([INACTIVE, INACTIVE]);
  });

  it('lists shut-off domains with their memory only, never their CPU or state', () => {
    expect(DOMSTATS_INACTIVE_LINE).toBe('domstats --raw --balloon --list-inactive');
    expect(DOMSTATS_ACTIVE_LINE).toContain('--list-active');
  });

  it('still emits the active stats when the inactive half fails, and nothing when the active half does', async () => {
    const a = poller({ failInactive: true });
    a.stats.start();
    await a.run(1);
    a.stats.stop();
    expect([a.ticks.length, a.inactive.length]).toEqual([1, 0]);
    const b = poller({ failActive: true });
    b.stats.start();
    await b.run(1);
    b.stats.stop();
    expect([b.ticks.length, b.inactive.length]).toEqual([0, 0]);
  });

  it('asks nothing while nobody listens', async () => {
    const p = poller({ wanted: () => false });
    p.stats.start();
    await p.run(3);
    p.stats.stop();
    expect(p.batches).toEqual([]);
  });
});

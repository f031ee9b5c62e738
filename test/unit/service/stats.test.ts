// One bulk usage tick per host every STATS_INTERVAL_MS, covering the active VMs only.
import { afterEach, expect, it } from 'vitest';
import { STATS_INTERVAL_MS } from '../../../src/shared/model';
import type { ApiEvent } from '../../../src/shared/api';
import { open, tempDir, vmId } from './helpers';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
});

it('emits one stats event per host per tick with CPU and memory for the active VMs', async () => {
  const t = await tempDir();
  const o = await open(t.dir);
  cleanup = async () => {
    await o.service.close();
    await t.cleanup();
  };
  const vms = await o.call('vmList', { hostId: 'sim1' });
  const active = vms
    .filter((v) => v.state !== 'shutoff')
    .map((v) => v.id)
    .sort();
  o.clock.advance(STATS_INTERVAL_MS);
  const ticks = o.events.filter(
    (e): e is Extract<ApiEvent, { type: 'stats' }> => e.type === 'stats',
  );
  expect(ticks.map((t) => t.hostId).sort()).toEqual(['sim1', 'sim2']);
  const sim1 = ticks.find((t) => t.hostId === 'sim1')!;
  expect(sim1.vms.map((v) => v.vmId).sort()).toEqual(active);
  for (const v of sim1.vms) {
    expect(v.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(v.cpuPercent).toBeLessThanOrEqual(100);
  }
  const paused = vms.find((v) => v.state === 'paused')!;
  expect(sim1.vms.find((v) => v.vmId === paused.id)!.cpuPercent).toBe(0);

  const stopped = await vmId(o, 'sim1', 'pfsense');
  await o.call('vmForceOff', { hostId: 'sim1', vmId: stopped });
  o.clock.advance(STATS_INTERVAL_MS);
  const last = o.events
    .filter(
      (e): e is Extract<ApiEvent, { type: 'stats' }> => e.type === 'stats' && e.hostId === 'sim1',
    )
    .at(-1)!;
  expect(last.vms.map((v) => v.vmId)).not.toContain(stopped);
});

// The pre-copy model the forecast and the simulated host share (shared/precopy.ts).
import { describe, expect, it } from 'vitest';
import type { PrecopyParams } from '../../../src/shared/precopy';
import {
  MAX_FORECAST_ITERATIONS,
  SWITCHOVER_MS,
  advancePrecopy,
  forecastPrecopy,
  remainingBytes,
  startPrecopy,
  switchToPostcopy,
} from '../../../src/shared/precopy';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

const params = (p: Partial<PrecopyParams> = {}): PrecopyParams => ({
  memoryBytes: 4 * GiB,
  dirtyRateBytesPerSec: 100 * MiB,
  bandwidthBytesPerSec: 1000 * MiB,
  maxDowntimeMs: 300,
  autoConverge: false,
  ...p,
});

/** Runs the model as the simulated host does: in 500 ms steps until done or `limitMs`. */
function simulate(p: PrecopyParams, limitMs = 600_000) {
  let s = startPrecopy(p);
  while (s.phase !== 'done' && s.elapsedMs < limitMs) s = advancePrecopy(p, s, 500);
  return s;
}

describe('the pre-copy model', () => {
  it('converges when the guest dirties less than the link carries, downtime within the limit', () => {
    const p = params();
    const s = simulate(p);
    expect(s.phase).toBe('done');
    // Pass 1: 4 GiB at 1000 MiB/s, 4.1 s, dirtying 410 MiB (0.41 s > 0.3 s): pass 2 sends those
    // and dirties 41 MiB (0.04 s ≤ 0.3 s): stop-and-copy.
    expect(s.iteration).toBe(2);
    expect(s.downtimeMs).toBeGreaterThan(SWITCHOVER_MS);
    expect(s.downtimeMs).toBeLessThanOrEqual(p.maxDowntimeMs + SWITCHOVER_MS);
    expect(s.transferredBytes).toBeGreaterThan(p.memoryBytes);
    expect(s.elapsedMs).toBeGreaterThan(4096);
    expect(s.elapsedMs).toBeLessThan(5000);
  });

  it('never converges when the guest dirties faster than the link carries', () => {
    const p = params({ dirtyRateBytesPerSec: 1500 * MiB });
    const s = simulate(p, 300_000);
    expect(s.phase).toBe('precopy');
    expect(remainingBytes(s)).toBeGreaterThan(p.memoryBytes / 2);
    expect(forecastPrecopy(p)).toMatchObject({
      converges: false,
      dirtyRateBytesPerSec: 1500 * MiB,
    });
  });

  it('auto-converge throttles the guest until it converges (20 %, then +10 % a pass)', () => {
    const p = params({ dirtyRateBytesPerSec: 1500 * MiB, autoConverge: true });
    const s = simulate(p);
    expect(s.phase).toBe('done');
    expect(s.throttlePercent).toBeGreaterThanOrEqual(20);
    expect(s.throttlePercent % 10).toBe(0);
    const f = forecastPrecopy(p);
    expect(f).toMatchObject({ converges: true, throttlePercent: s.throttlePercent });
  });

  it('post-copy always completes, with only the switch-over as downtime', () => {
    const p = params({ dirtyRateBytesPerSec: 5000 * MiB });
    let s = advancePrecopy(p, startPrecopy(p), 10_000);
    expect(s.phase).toBe('precopy');
    s = switchToPostcopy(s);
    expect(s.phase).toBe('postcopy');
    const left = remainingBytes(s);
    s = advancePrecopy(p, s, 60_000);
    expect(s.phase).toBe('done');
    expect(s.downtimeMs).toBe(SWITCHOVER_MS);
    expect(s.elapsedMs).toBeCloseTo(10_000 + (left * 1000) / p.bandwidthBytesPerSec, 3);
    const f = forecastPrecopy(p);
    expect(f.converges).toBe(false);
    if (!f.converges) {
      expect(f.postcopyDowntimeMs).toBe(SWITCHOVER_MS);
      expect(f.postcopyTotalMs).toBeGreaterThan(4096);
    }
  });

  it('a forecast is the simulated outcome for the same inputs, whatever the step', () => {
    for (const [dirty, bw, downtime, auto] of [
      [10, 100, 300, false],
      [50, 100, 300, false],
      [80, 100, 500, false],
      [150, 100, 300, true],
      [1, 10, 50, false],
    ] as const) {
      const p = params({
        memoryBytes: 2 * GiB,
        dirtyRateBytesPerSec: dirty * MiB,
        bandwidthBytesPerSec: bw * MiB,
        maxDowntimeMs: downtime,
        autoConverge: auto,
      });
      const f = forecastPrecopy(p);
      const s = simulate(p, 3_600_000);
      expect(f.converges).toBe(true);
      if (!f.converges) continue;
      expect(s.iteration).toBe(f.iterations);
      expect(s.elapsedMs).toBeCloseTo(f.totalMs, 3);
      expect(s.downtimeMs).toBeCloseTo(f.downtimeMs, 3);
      // Steps of 37 ms land the same place as steps of 1 s.
      let t = startPrecopy(p);
      while (t.phase !== 'done') t = advancePrecopy(p, t, 37);
      expect(t.elapsedMs).toBeCloseTo(f.totalMs, 3);
    }
  });

  it('gives up forecasting after MAX_FORECAST_ITERATIONS passes', () => {
    // Passes shrink by only 1 % each: it would take hundreds of them.
    const f = forecastPrecopy(params({ dirtyRateBytesPerSec: 990 * MiB }));
    expect(f.converges).toBe(false);
    expect(MAX_FORECAST_ITERATIONS).toBe(30);
  });

  it('a guest with nothing left to send switches over at once (no extra step needed)', () => {
    const p = params({ memoryBytes: 0 });
    const s = advancePrecopy(p, startPrecopy(p), 0);
    expect(s.phase).toBe('done');
    expect(s.downtimeMs).toBe(SWITCHOVER_MS);
  });
});

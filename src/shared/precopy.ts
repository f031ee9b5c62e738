// The pre-copy migration model, on a clock the caller advances: the first pass sends all memory;
// each later pass re-sends what the guest dirtied during the previous one; once what is left can
// be sent within the max downtime, the guest stops and the rest is copied (stop-and-copy).
// Auto-converge throttles the vCPUs (20 %, +10 % per pass that does not shrink enough), which
// slows dirtying; post-copy moves execution at once and pulls what is left.
//
// The simulated host runs migrations with `advancePrecopy`, and the dialog's forecast runs the
// same function to the end (`forecastPrecopy`), so a forecast and the outcome agree for the same
// inputs by construction; only a change of dirty rate or options while it runs makes them differ.

export interface PrecopyParams {
  memoryBytes: number;
  /** The guest's dirty rate before any throttle. */
  dirtyRateBytesPerSec: number;
  bandwidthBytesPerSec: number;
  maxDowntimeMs: number;
  autoConverge: boolean;
}

export type PrecopyPhase = 'precopy' | 'stop-and-copy' | 'postcopy' | 'done';

export interface PrecopyState {
  phase: PrecopyPhase;
  /** Virtual milliseconds since the migration started. */
  elapsedMs: number;
  iteration: number;
  /** Bytes of the current pass still to send. */
  passLeftBytes: number;
  /** Bytes of the current pass when it began. */
  passBytes: number;
  /** Pages dirtied since the current pass began, to be re-sent (at most all of memory). */
  dirtyBytes: number;
  transferredBytes: number;
  throttlePercent: number;
  /** Time the guest was (or is) paused; final once phase is done. */
  downtimeMs: number;
}

/** The switch-over itself (device state, the last handshake) costs this much even with no memory left. */
export const SWITCHOVER_MS = 20;
/** A pass this many times past the first counts as "will not converge" in a forecast. */
export const MAX_FORECAST_ITERATIONS = 30;
/** A forecast gives up after this long. */
export const MAX_FORECAST_MS = 3_600_000;

const AUTO_CONVERGE_INITIAL = 20;
const AUTO_CONVERGE_STEP = 10;
const AUTO_CONVERGE_MAX = 99;

export function startPrecopy(p: PrecopyParams): PrecopyState {
  return {
    phase: 'precopy',
    elapsedMs: 0,
    iteration: 1,
    passLeftBytes: p.memoryBytes,
    passBytes: p.memoryBytes,
    dirtyBytes: 0,
    transferredBytes: 0,
    throttlePercent: 0,
    downtimeMs: 0,
  };
}

export const remainingBytes = (s: PrecopyState): number => s.passLeftBytes + s.dirtyBytes;

const effectiveDirtyRate = (p: PrecopyParams, s: PrecopyState): number =>
  (p.dirtyRateBytesPerSec * (100 - s.throttlePercent)) / 100;

/** Time to send `bytes` at the params' bandwidth, in ms. */
const sendMs = (p: PrecopyParams, bytes: number): number =>
  p.bandwidthBytesPerSec > 0 ? (bytes * 1000) / p.bandwidthBytesPerSec : Infinity;

/** Moves execution to the destination now: the rest is pulled from the source. */
export function switchToPostcopy(s: PrecopyState): PrecopyState {
  if (s.phase !== 'precopy') return s;
  return {
    ...s,
    phase: 'postcopy',
    passLeftBytes: remainingBytes(s),
    passBytes: remainingBytes(s),
    dirtyBytes: 0,
    downtimeMs: s.downtimeMs + SWITCHOVER_MS,
  };
}

/** A pass ended: stop-and-copy when the rest fits the max downtime, else another pass. */
function endOfPass(p: PrecopyParams, s: PrecopyState): PrecopyState {
  if (sendMs(p, s.dirtyBytes) <= p.maxDowntimeMs) {
    return {
      ...s,
      phase: 'stop-and-copy',
      passLeftBytes: s.dirtyBytes,
      passBytes: s.dirtyBytes,
      dirtyBytes: 0,
      downtimeMs: SWITCHOVER_MS,
    };
  }
  // libvirt/QEMU throttle when a pass dirtied at least half of what it sent.
  const stuck = s.dirtyBytes * 2 >= s.passBytes;
  const throttlePercent =
    p.autoConverge && stuck
      ? Math.min(
          AUTO_CONVERGE_MAX,
          s.throttlePercent === 0 ? AUTO_CONVERGE_INITIAL : s.throttlePercent + AUTO_CONVERGE_STEP,
        )
      : s.throttlePercent;
  return {
    ...s,
    iteration: s.iteration + 1,
    passLeftBytes: s.dirtyBytes,
    passBytes: s.dirtyBytes,
    dirtyBytes: 0,
    throttlePercent,
  };
}

/** Advances the migration by `dtMs` of virtual time, handling every pass boundary inside it. */
export function advancePrecopy(p: PrecopyParams, start: PrecopyState, dtMs: number): PrecopyState {
  let s = start;
  let left = dtMs;
  // A pass with nothing left to send ends now, even when no time is left in this step (else a
  // stop-and-copy of 0 bytes would wait for the next advance to finish).
  while (s.phase !== 'done' && (left > 0 || s.passLeftBytes === 0)) {
    const toEndOfPass = sendMs(p, s.passLeftBytes);
    const step = Math.min(left, toEndOfPass);
    const sent =
      s.passLeftBytes === 0 ? 0 : Math.min(s.passLeftBytes, (p.bandwidthBytesPerSec * step) / 1000);
    // The guest dirties memory only while it runs on the source (not paused, not post-copy).
    const dirtied = s.phase === 'precopy' ? (effectiveDirtyRate(p, s) * step) / 1000 : 0;
    s = {
      ...s,
      elapsedMs: s.elapsedMs + step,
      passLeftBytes: step >= toEndOfPass ? 0 : s.passLeftBytes - sent,
      transferredBytes: s.transferredBytes + sent,
      dirtyBytes: Math.min(p.memoryBytes, s.dirtyBytes + dirtied),
      downtimeMs: s.phase === 'stop-and-copy' ? s.downtimeMs + step : s.downtimeMs,
    };
    left -= step;
    if (s.passLeftBytes > 0) break;
    if (s.phase === 'precopy') s = endOfPass(p, s);
    else s = { ...s, phase: 'done', dirtyBytes: 0 };
    if (!Number.isFinite(toEndOfPass)) break;
  }
  return s;
}

export type PrecopyForecast =
  | {
      converges: true;
      iterations: number;
      totalMs: number;
      downtimeMs: number;
      transferredBytes: number;
      /** The throttle auto-converge reached (0 without it). */
      throttlePercent: number;
    }
  | {
      converges: false;
      /** The dirty rate the forecast saw after any throttle, against the bandwidth. */
      dirtyRateBytesPerSec: number;
      bandwidthBytesPerSec: number;
      /** With post-copy allowed: switching after the first pass finishes in this long. */
      postcopyTotalMs: number;
      postcopyDowntimeMs: number;
    };

/** Runs the model to the end from `from` (default: the start) and says how it ends. */
export function forecastPrecopy(p: PrecopyParams, from?: PrecopyState): PrecopyForecast {
  let s = from ?? startPrecopy(p);
  while (
    s.phase !== 'done' &&
    s.iteration <= MAX_FORECAST_ITERATIONS &&
    s.elapsedMs < MAX_FORECAST_MS &&
    p.bandwidthBytesPerSec > 0
  ) {
    s = advancePrecopy(p, s, 1_000);
  }
  if (s.phase === 'done') {
    return {
      converges: true,
      iterations: s.iteration,
      totalMs: s.elapsedMs,
      downtimeMs: s.downtimeMs,
      transferredBytes: s.transferredBytes,
      throttlePercent: s.throttlePercent,
    };
  }
  // Post-copy's answer: switch once the first pass is done (what an operator does).
  let pc = from ?? startPrecopy(p);
  while (pc.phase === 'precopy' && pc.iteration === 1 && p.bandwidthBytesPerSec > 0)
    pc = advancePrecopy(p, pc, 1_000);
  pc = switchToPostcopy(pc);
  while (pc.phase !== 'done' && p.bandwidthBytesPerSec > 0) pc = advancePrecopy(p, pc, 60_000);
  return {
    converges: false,
    dirtyRateBytesPerSec: effectiveDirtyRate(p, s),
    bandwidthBytesPerSec: p.bandwidthBytesPerSec,
    postcopyTotalMs: pc.elapsedMs,
    postcopyDowntimeMs: pc.downtimeMs,
  };
}

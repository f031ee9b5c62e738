// What a guest console is made from (its options) and what of it survives a snapshot: enough for
// a reverted VM to come back logged in (or at its login prompt) with its shell history, directory,
// hostname and uptime. A running command does not survive; the shell comes back idle. The state
// is read back from disk, so it is checked field by field rather than trusted.
import type { Clock } from '../../clock';

export interface GuestConsoleOptions {
  vmName: string;
  hostname?: string;
  clock: Clock;
  loginUser?: string;
  /** null (the default) logs in without a password prompt. */
  password?: string | null;
  bootMs?: number;
  /** How long the systemd shutdown takes on screen. */
  shutdownMs?: number;
  kernel?: string;
  memoryMiB: number;
  vcpus: number;
  diskGiB?: number;
  /** Clock time the VM booted, for uptime when the console is created for a running guest. */
  startedAt?: number;
  onPoweroff: () => void;
  /** Told after "reboot: Restarting system"; the guest then boots again by itself. */
  onReboot?: () => void;
  random?: () => number;
}

/** Where the console is: 'password' is the login prompt's second half, 'halting' shutdown. */
export type Phase = 'off' | 'booting' | 'login' | 'password' | 'shell' | 'halting';

export type SavedPhase = 'off' | 'booting' | 'login' | 'shell';

export interface GuestConsoleState {
  version: 1;
  phase: SavedPhase;
  hostname: string;
  cwd: string;
  history: string[];
  /** Uptime when saved: a restored guest's uptime continues from it. */
  uptimeMs: number;
  lastStatus: number;
  /** Clock time of the last login, for the motd's "Last login:" line. */
  lastLogin: number | null;
  cols: number;
  rows: number;
}

const MAX_HISTORY = 1000;
const MAX_LINE = 4095;

export function savedPhase(phase: Phase): SavedPhase {
  switch (phase) {
    case 'password':
      return 'login';
    case 'halting':
      // Halfway down the guest is as good as off; the domain's own state decides what happens.
      return 'off';
    default:
      return phase;
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function sanitizeState(
  raw: unknown,
  defaultHostname: string,
  home: string,
): GuestConsoleState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const phases: SavedPhase[] = ['off', 'booting', 'login', 'shell'];
  const phase = phases.find((p) => p === s.phase) ?? 'login';
  const hostname =
    typeof s.hostname === 'string' && /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(s.hostname)
      ? s.hostname
      : defaultHostname;
  const cwd =
    typeof s.cwd === 'string' && s.cwd.startsWith('/') && s.cwd.length <= MAX_LINE ? s.cwd : home;
  const history = Array.isArray(s.history)
    ? s.history
        .filter((h): h is string => typeof h === 'string' && h.length <= MAX_LINE)
        .slice(-MAX_HISTORY)
    : [];
  const dim = (v: unknown, fallback: number) =>
    Number.isInteger(v) && (v as number) > 0 && (v as number) <= 10_000 ? (v as number) : fallback;
  return {
    version: 1,
    phase,
    hostname,
    cwd,
    history,
    uptimeMs: isCount(s.uptimeMs) ? s.uptimeMs : 0,
    lastStatus: Number.isInteger(s.lastStatus)
      ? Math.min(255, Math.max(0, s.lastStatus as number))
      : 0,
    lastLogin: isCount(s.lastLogin) ? s.lastLogin : null,
    cols: dim(s.cols, 80),
    rows: dim(s.rows, 24),
  };
}

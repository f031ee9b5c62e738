// Facts about the simulated Debian 12 guest that several outputs must agree on: the boot log's
// "Memory:" line, /proc/meminfo and `free` all derive from one memory split, and `uname`, the motd
// and /proc/version from one kernel build string.

export const DEFAULT_KERNEL = '6.1.0-28-amd64';
export const KERNEL_BUILD = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)';
export const OS_PRETTY_NAME = 'Debian GNU/Linux 12 (bookworm)';
export const BOGOMIPS_PER_CPU = 4799.99;

export interface SystemInfo {
  hostname: string;
  kernel: string;
  memoryMiB: number;
  vcpus: number;
  diskGiB: number;
  /** Milliseconds since the guest booted. */
  uptimeMs: number;
  /** Clock time, for `date`, `uptime` and login times. */
  now: number;
}

export interface MemoryFigures {
  /** What the VM was given. */
  physicalKiB: number;
  /** Kept by the firmware and the kernel image; never shows up as MemTotal. */
  reservedKiB: number;
  totalKiB: number;
  usedKiB: number;
  cacheKiB: number;
  shmemKiB: number;
  freeKiB: number;
  availableKiB: number;
}

export function memoryFigures(memoryMiB: number): MemoryFigures {
  const physicalKiB = Math.max(64, Math.floor(memoryMiB)) * 1024;
  const reservedKiB = Math.floor(physicalKiB * 0.035) + 10_240;
  const totalKiB = physicalKiB - reservedKiB;
  // A freshly booted Debian with sshd and journald: ~90 MiB plus a little per GiB for page
  // tables and slabs, never more than half of a tiny VM.
  const usedKiB = Math.min(Math.floor(totalKiB * 0.5), 92_160 + Math.floor(totalKiB * 0.02));
  const cacheKiB = Math.min(Math.floor(totalKiB * 0.25), 40_960 + Math.floor(totalKiB * 0.05));
  const shmemKiB = Math.min(1_180, Math.floor(cacheKiB / 4));
  const freeKiB = totalKiB - usedKiB - cacheKiB;
  const availableKiB = freeKiB + Math.floor(cacheKiB * 0.8);
  return {
    physicalKiB,
    reservedKiB,
    totalKiB,
    usedKiB,
    cacheKiB,
    shmemKiB,
    freeKiB,
    availableKiB,
  };
}

export function unameAll(info: Pick<SystemInfo, 'hostname' | 'kernel'>): string {
  return `Linux ${info.hostname} ${info.kernel} ${KERNEL_BUILD} x86_64 GNU/Linux`;
}

export function osRelease(): string {
  return [
    `PRETTY_NAME="${OS_PRETTY_NAME}"`,
    'NAME="Debian GNU/Linux"',
    'VERSION_ID="12"',
    'VERSION="12 (bookworm)"',
    'VERSION_CODENAME=bookworm',
    'ID=debian',
    'HOME_URL="https://www.debian.org/"',
    'SUPPORT_URL="https://www.debian.org/support"',
    'BUG_REPORT_URL="https://bugs.debian.org/"',
    '',
  ].join('\n');
}

export function motd(info: Pick<SystemInfo, 'hostname' | 'kernel'>, lastLogin: string): string {
  return [
    `Linux ${info.hostname} ${info.kernel} ${KERNEL_BUILD} x86_64`,
    '',
    'The programs included with the Debian GNU/Linux system are free software;',
    'the exact distribution terms for each program are described in the',
    'individual files in /usr/share/doc/*/copyright.',
    '',
    'Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent',
    'permitted by applicable law.',
    ...(lastLogin ? [lastLogin] : []),
    '',
  ].join('\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** `date`'s default format; the guest runs on UTC like most cloud images. */
export function dateString(ms: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${clockTime(ms)} UTC ${d.getUTCFullYear()}`;
}

/** `uptime`: " 10:02:03 up 5 min,  1 user,  load average: 0.00, 0.00, 0.00". */
export function uptimeLine(now: number, uptimeMs: number, users: number): string {
  const minutes = Math.floor(Math.max(0, uptimeMs) / 60_000);
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  let up = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ` : '';
  up += h > 0 ? `${String(h).padStart(2, ' ')}:${pad2(m)}` : `${m} min`;
  const who = `${users} user${users === 1 ? '' : 's'}`;
  return ` ${clockTime(now)} up ${up},  ${who},  load average: 0.00, 0.01, 0.00`;
}

/** dmesg's "[    1.234567]" prefix. */
export function kernelTime(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const whole = Math.floor(micros / 1e6);
  const frac = String(micros % 1e6).padStart(6, '0');
  return `[${String(whole).padStart(5, ' ')}.${frac}]`;
}

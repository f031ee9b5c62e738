// `stress-ng --vm N --vm-bytes SIZE [--timeout T]` in the simulated guest: it prints what the
// real one prints and, while it runs, raises the guest's memory dirty rate, which is what makes
// a live migration slow or keeps it from converging. Ctrl-C or the end of --timeout stops it.
//
// The rate: each vm worker rewrites its SIZE bytes over and over, so in a second it dirties all
// of them, up to what one vCPU can write (VM_WORKER_MAX_BYTES_PER_SEC); workers beyond the vCPU
// count share them. The total never exceeds the guest's memory per second.
import type { CommandResult, ShellContext } from './commands';
import { fail, ok } from './utilities';

/** What one vCPU running a stress-ng vm worker dirties per second, at most. */
export const VM_WORKER_MAX_BYTES_PER_SEC = 4 * 2 ** 30;
/** stress-ng's default --vm-bytes. */
export const DEFAULT_VM_BYTES = 256 * 2 ** 20;
/** Without --timeout it runs until interrupted; the queue needs a finite wait (a day). */
const FOREVER_MS = 86_400_000;
const PID = 1342;

const UNIT: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};
const SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** SIZE as stress-ng reads it: bytes with an optional k/m/g/t suffix, or a % of memory. */
function parseBytes(text: string, memoryBytes: number): number | null {
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (pct) return Math.floor((Number(pct[1]) / 100) * memoryBytes);
  const m = /^(\d+(?:\.\d+)?)([bkmgt]?)$/i.exec(text);
  if (!m) return null;
  return Math.floor(Number(m[1]) * (UNIT[(m[2] ?? '').toLowerCase()] ?? 1));
}

function parseSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  return m ? Number(m[1]) * (SECONDS[m[2] ?? ''] ?? 1) : null;
}

/** Parses the command line: the run to start as a shell effect, or the error stress-ng prints. */
export function stressNg(args: string[], _stdin: unknown, ctx: ShellContext): CommandResult {
  const opts = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const [key, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (!['--vm', '--vm-bytes', '--timeout', '-t', '--cpu'].includes(key))
      return fail(`stress-ng: unrecognized option '${arg}'\n`);
    const value = inline ?? args[++i];
    if (value === undefined) return fail(`stress-ng: option '${key}' requires an argument\n`);
    opts.set(key === '-t' ? '--timeout' : key, value);
  }
  const memoryBytes = ctx.system.memoryMiB * 2 ** 20;
  const workers = Number(opts.get('--vm') ?? '0');
  const cpus = Number(opts.get('--cpu') ?? '0');
  if (!Number.isInteger(workers) || workers < 0 || !Number.isInteger(cpus) || cpus < 0)
    return fail('stress-ng: invalid number of workers\n');
  if (workers === 0 && cpus === 0)
    return fail(
      `stress-ng: error: [${PID}] No stress workers invoked (one or more are required)\n`,
    );
  const sizeText = opts.get('--vm-bytes') ?? String(DEFAULT_VM_BYTES);
  const bytes = parseBytes(sizeText, memoryBytes);
  if (bytes === null || bytes < 4096)
    return fail(`stress-ng: invalid value '${sizeText}' for --vm-bytes\n`);
  const timeoutText = opts.get('--timeout');
  const timeout = timeoutText === undefined ? null : parseSeconds(timeoutText);
  if (timeoutText !== undefined && timeout === null)
    return fail(`stress-ng: invalid timeout '${timeoutText}'\n`);
  // Workers beyond the vCPU count share them: they dirty no faster together.
  const running = Math.min(workers, ctx.system.vcpus);
  const bytesPerSec = Math.min(memoryBytes, running * Math.min(bytes, VM_WORKER_MAX_BYTES_PER_SEC));
  const ms = timeout === null ? FOREVER_MS : Math.round(timeout * 1000);
  const hogs = [cpus > 0 ? `${cpus} cpu` : '', workers > 0 ? `${workers} vm` : '']
    .filter(Boolean)
    .join(', ');
  const start =
    (timeout === null
      ? `stress-ng: info:  [${PID}] defaulting to a 1 day, 0 secs run per stressor\n`
      : `stress-ng: info:  [${PID}] setting to a ${Math.round(timeout)} secs run per stressor\n`) +
    `stress-ng: info:  [${PID}] dispatching hogs: ${hogs}\n`;
  return {
    ...ok(start),
    effect: {
      type: 'stress',
      ms,
      bytesPerSec,
      endText: `stress-ng: info:  [${PID}] successful run completed in ${(ms / 1000).toFixed(2)}s\n`,
    },
  };
}

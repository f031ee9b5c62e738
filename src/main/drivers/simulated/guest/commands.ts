// The simulated bash: parses a command line, runs its pipeline and reports what the console must
// do afterwards. Builtins that change the shell (cd, exit, hostname, history -c) do not mutate
// anything here; they return an effect, so the console applies it once the output has gone out,
// and a pipeline stage (a subshell in bash) has no effect at all.
import type { FakeFs } from './fakeFs';
import { resolvePath } from './fakeFs';
import { parseLine } from './shellWords';
import type { ByteSource } from './streams';
import { concatSource } from './streams';
import type { SystemInfo } from './system';
import type { Program } from './utilities';
import { UTILITIES, fail, ok } from './utilities';
import { stressNg } from './stressNg';

export interface ShellContext {
  user: string;
  home: string;
  cwd: string;
  lastStatus: number;
  cols: number;
  rows: number;
  /** Including the line being run, as bash has it. */
  history: readonly string[];
  system: SystemInfo;
  fs: FakeFs;
  random: () => number;
  dmesg: () => string;
}

export type ShellEffect =
  | { type: 'cd'; cwd: string }
  | { type: 'hostname'; name: string }
  | { type: 'sleep'; ms: number }
  /** A workload that dirties guest memory until it ends or Ctrl-C (stress-ng). */
  | { type: 'stress'; ms: number; bytesPerSec: number; endText: string }
  | { type: 'clear-history' }
  | { type: 'logout' }
  | { type: 'poweroff' }
  | { type: 'reboot' };

export interface CommandResult {
  /** What goes to the terminal, before the tty's "\n" → "\r\n". */
  out: ByteSource | null;
  /** stderr: small and known up front, so it bypasses the pipeline. */
  err: string;
  status: number;
  effect?: ShellEffect;
}

const PID = 1187;

const withEffect = (effect: ShellEffect, out: string | null = null): CommandResult => ({
  ...ok(out),
  effect,
});

function echo(args: string[]): CommandResult {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] ?? ''); i++) {
    for (const f of (args[i] ?? '').slice(1)) {
      if (f === 'n') newline = false;
      else escapes = f === 'e';
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', e: '\x1b' };
    text = text.replace(/\\([nt\\ae])/g, (_m, c: string) => map[c] ?? c);
  }
  return ok(newline ? `${text}\n` : text);
}

function cd(args: string[], ctx: ShellContext): CommandResult {
  if (args.length > 1) return fail('-bash: cd: too many arguments\n');
  const target = args[0] ?? ctx.home;
  const abs = resolvePath(target, ctx.cwd, ctx.home);
  const node = ctx.fs.lookup(abs);
  if (!node) return fail(`-bash: cd: ${target}: No such file or directory\n`);
  if (node.kind !== 'dir') return fail(`-bash: cd: ${target}: Not a directory\n`);
  return withEffect({ type: 'cd', cwd: abs });
}

function hostname(args: string[], ctx: ShellContext): CommandResult {
  const name = args[0];
  if (name === undefined) return ok(`${ctx.system.hostname}\n`);
  if (ctx.user !== 'root') return fail('hostname: you must be root to change the host name\n');
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})$/.test(name))
    return fail('hostname: the specified hostname is invalid\n');
  return withEffect({ type: 'hostname', name });
}

function sleep(args: string[]): CommandResult {
  if (args.length === 0)
    return fail("sleep: missing operand\nTry 'sleep --help' for more information.\n");
  let ms = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return fail(`sleep: invalid time interval '${a}'\n`);
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
    ms += Number(m[1]) * unit * 1000;
  }
  return withEffect({ type: 'sleep', ms: Math.round(ms) });
}

function history(args: string[], ctx: ShellContext): CommandResult {
  if (args[0] === '-c') return withEffect({ type: 'clear-history' });
  const lines = ctx.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`);
  return ok(lines.join(''));
}

/** Debian keeps these in /sbin, which is not on a normal user's PATH. */
function rootOnly(name: string, ctx: ShellContext, effect: ShellEffect): CommandResult {
  return ctx.user === 'root' ? withEffect(effect) : notFound(name);
}

const notFound = (name: string): CommandResult => fail(`-bash: ${name}: command not found\n`, 127);

const BUILTINS: Record<string, Program> = {
  cd: (args, _stdin, ctx) => cd(args, ctx),
  echo,
  exit: () => withEffect({ type: 'logout' }, 'logout\n'),
  history: (args, _stdin, ctx) => history(args, ctx),
  hostname: (args, _stdin, ctx) => hostname(args, ctx),
  logout: () => withEffect({ type: 'logout' }, 'logout\n'),
  pwd: (_args, _stdin, ctx) => ok(`${ctx.cwd}\n`),
  sleep,
  'stress-ng': stressNg,
  halt: (_args, _stdin, ctx) => rootOnly('halt', ctx, { type: 'poweroff' }),
  poweroff: (_args, _stdin, ctx) => rootOnly('poweroff', ctx, { type: 'poweroff' }),
  reboot: (_args, _stdin, ctx) => rootOnly('reboot', ctx, { type: 'reboot' }),
  shutdown: (args, _stdin, ctx) =>
    rootOnly('shutdown', ctx, { type: args.includes('-r') ? 'reboot' : 'poweroff' }),
};

function variables(ctx: ShellContext): (name: string) => string | undefined {
  return (name) => {
    switch (name) {
      case '?':
        return String(ctx.lastStatus);
      case '$':
        return String(PID);
      case '#':
        return '0';
      case '0':
        return '-bash';
      case 'RANDOM':
        return String(Math.floor(ctx.random() * 32768));
      case 'HOSTNAME':
        return ctx.system.hostname;
      case 'USER':
      case 'LOGNAME':
        return ctx.user;
      case 'HOME':
        return ctx.home;
      case 'PWD':
        return ctx.cwd;
      case 'SHELL':
        return '/bin/bash';
      case 'TERM':
        return 'vt220';
      default:
        return undefined;
    }
  };
}

/** Runs one command line; an empty line gives null (bash prints just a new prompt). */
export function runCommandLine(line: string, ctx: ShellContext): CommandResult | null {
  const parsed = parseLine(line, variables(ctx));
  if ('error' in parsed) return fail(`${parsed.error}\n`, 2);
  if (parsed.stages.length === 0) return null;
  let stdin: ByteSource | null = null;
  let result: CommandResult = ok();
  let err = '';
  for (const [name = '', ...args] of parsed.stages) {
    const program = BUILTINS[name] ?? UTILITIES[name];
    result = program ? program(args, stdin, ctx) : notFound(name);
    err += result.err;
    stdin = result.out ?? concatSource([]);
  }
  return {
    out: result.out,
    err,
    status: result.status,
    effect: parsed.stages.length === 1 ? result.effect : undefined,
  };
}

// The coreutils-like programs of the simulated guest. Each gets its argv (without the name) and
// the previous pipeline stage's output, and returns streams rather than strings wherever the
// output can be large, so nothing here ever materialises a flood.
import type { CommandResult, ShellContext } from './commands';
import { resolvePath } from './fakeFs';
import type { ByteSource } from './streams';
import {
  base64Source,
  concatSource,
  headBytes,
  headLines,
  seqSource,
  textSource,
  yesSource,
} from './streams';
import { dateString, memoryFigures, unameAll, uptimeLine } from './system';

export type Program = (
  args: string[],
  stdin: ByteSource | null,
  ctx: ShellContext,
) => CommandResult;

export const ok = (out: string | ByteSource | null = null): CommandResult => ({
  out: typeof out === 'string' ? textSource(out) : out,
  err: '',
  status: 0,
});
export const fail = (err: string, status = 1): CommandResult => ({ out: null, err, status });

/** Opens a path for reading the way cat, head and base64 do, with their error wording. */
function open(prog: string, path: string, ctx: ShellContext): ByteSource | string {
  const node = ctx.fs.lookup(resolvePath(path, ctx.cwd, ctx.home));
  if (!node) return `${prog}: ${path}: No such file or directory\n`;
  if (node.kind === 'dir') return `${prog}: ${path}: Is a directory\n`;
  return node.kind === 'file' ? textSource(node.read(ctx.system)) : node.open();
}

/** ls's default layout on a terminal: names in columns, filled top to bottom. */
export function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  const colWidth = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor((width + 2) / colWidth));
  const rows = Math.ceil(names.length / cols);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) {
      const name = names[c * rows + r];
      if (name !== undefined) row.push(name);
    }
    out += `${row.map((n, i) => (i < row.length - 1 ? n.padEnd(colWidth) : n)).join('')}\n`;
  }
  return out;
}

const ls: Program = (args, _stdin, ctx) => {
  const paths = args.filter((a) => !a.startsWith('-') || a === '-');
  const targets = paths.length > 0 ? paths : ['.'];
  let out = '';
  let err = '';
  const files: string[] = [];
  const dirs: [string, string[]][] = [];
  for (const path of targets) {
    const abs = resolvePath(path, ctx.cwd, ctx.home);
    const node = ctx.fs.lookup(abs);
    if (!node) err += `ls: cannot access '${path}': No such file or directory\n`;
    else if (node.kind === 'dir') dirs.push([path, ctx.fs.list(abs) ?? []]);
    else files.push(path);
  }
  out += columns(files, ctx.cols);
  dirs.forEach(([path, names], i) => {
    if (targets.length > 1) out += `${files.length > 0 || i > 0 ? '\n' : ''}${path}:\n`;
    out += columns(names, ctx.cols);
  });
  return { out: textSource(out), err, status: err ? 2 : 0 };
};

const cat: Program = (args, stdin, ctx) => {
  const paths = args.filter((a) => a !== '-' && !a.startsWith('-'));
  if (paths.length === 0) return ok(stdin);
  const sources: ByteSource[] = [];
  let err = '';
  for (const path of paths) {
    const opened = open('cat', path, ctx);
    if (typeof opened === 'string') err += opened;
    else sources.push(opened);
  }
  return { out: concatSource(sources), err, status: err ? 1 : 0 };
};

/** GNU size suffixes: K, M, G are powers of 1024; KB, MB, GB of 1000. */
export function parseSize(text: string): number | null {
  const m = /^(\d+)(K|M|G|KB|MB|GB|KiB|MiB|GiB)?$/.exec(text);
  if (!m) return null;
  const unit = m[2] ?? '';
  const scale: Record<string, number> = {
    '': 1,
    K: 1024,
    KiB: 1024,
    M: 1024 ** 2,
    MiB: 1024 ** 2,
    G: 1024 ** 3,
    GiB: 1024 ** 3,
    KB: 1e3,
    MB: 1e6,
    GB: 1e9,
  };
  return Number(m[1]) * (scale[unit] ?? 1);
}

const head: Program = (args, stdin, ctx) => {
  let mode: 'bytes' | 'lines' = 'lines';
  let count = '10';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const opt = /^-([cn])(.*)$/.exec(a);
    if (opt) {
      mode = opt[1] === 'c' ? 'bytes' : 'lines';
      count = opt[2] || (args[++i] ?? '');
    } else if (/^-\d+$/.test(a)) {
      mode = 'lines';
      count = a.slice(1);
    } else paths.push(a);
  }
  const n = parseSize(count);
  if (n === null) return fail(`head: invalid number of ${mode}: '${count}'\n`);
  const path = paths[0];
  const input = path === undefined ? stdin : open('head', path, ctx);
  if (typeof input === 'string') return fail(input);
  if (!input) return ok();
  return ok(mode === 'bytes' ? headBytes(input, n) : headLines(input, n));
};

const base64: Program = (args, stdin, ctx) => {
  let wrap = 76;
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const w = /^(?:-w|--wrap=)(.*)$/.exec(a);
    if (w) {
      const value = w[1] || (args[++i] ?? '');
      if (!/^\d+$/.test(value)) return fail(`base64: invalid wrap size: '${value}'\n`);
      wrap = Number(value);
    } else if (a.startsWith('-') && a !== '-') {
      return fail(`base64: unsupported option '${a}' on this simulated guest\n`);
    } else path = a;
  }
  const input = path === undefined || path === '-' ? stdin : open('base64', path, ctx);
  if (typeof input === 'string') return fail(input);
  return ok(base64Source(input ?? textSource(''), wrap));
};

const seq: Program = (args) => {
  if (args.length === 0)
    return fail("seq: missing operand\nTry 'seq --help' for more information.\n");
  if (args.length > 3) return fail(`seq: extra operand '${args[3]}'\n`);
  const nums = args.map(Number);
  const bad = args.find((a, i) => a.trim() === '' || !Number.isFinite(nums[i]));
  if (bad !== undefined) return fail(`seq: invalid floating point argument: '${bad}'\n`);
  const [a = 1, b = 1, c = 1] = nums;
  const [first, step, last] =
    nums.length === 1 ? [1, 1, a] : nums.length === 2 ? [a, 1, b] : [a, b, c];
  if (step === 0) return fail(`seq: invalid Zero increment value: '${args[1]}'\n`);
  return ok(seqSource(first, step, last));
};

const uname: Program = (args, _stdin, ctx) => {
  const s = ctx.system;
  const fields: Record<string, string> = {
    s: 'Linux',
    n: s.hostname,
    r: s.kernel,
    v: unameAll(s).split(' ').slice(3, -2).join(' '),
    m: 'x86_64',
    o: 'GNU/Linux',
  };
  const wanted = new Set<string>();
  for (const a of args) {
    if (a === '-a' || a === '--all') return ok(`${unameAll(s)}\n`);
    if (!/^-[snrvmo]+$/.test(a))
      return fail(
        `uname: invalid option -- '${a.replace(/^-+/, '')}'\nTry 'uname --help' for more information.\n`,
      );
    for (const f of a.slice(1)) wanted.add(f);
  }
  if (wanted.size === 0) wanted.add('s');
  return ok(
    `${'snrvmo'
      .split('')
      .filter((f) => wanted.has(f))
      .map((f) => fields[f])
      .join(' ')}\n`,
  );
};

const free: Program = (args, _stdin, ctx) => {
  const unit = args.includes('-g') ? 1024 * 1024 : args.includes('-m') ? 1024 : 1;
  const m = memoryFigures(ctx.system.memoryMiB);
  const v = (kib: number) => String(Math.floor(kib / unit)).padStart(12);
  const head = ['total', 'used', 'free', 'shared', 'buff/cache', 'available'];
  return ok(
    `${' '.repeat(8)}${head.map((h) => h.padStart(12)).join('')}\n` +
      `${'Mem:'.padEnd(8)}${v(m.totalKiB)}${v(m.usedKiB)}${v(m.freeKiB)}${v(m.shmemKiB)}${v(m.cacheKiB)}${v(m.availableKiB)}\n` +
      `${'Swap:'.padEnd(8)}${v(0)}${v(0)}${v(0)}\n`,
  );
};

const stty: Program = (args, _stdin, ctx) => {
  if (args.length === 0) return ok('speed 115200 baud; line = 0;\n-brkint -imaxbel iutf8\n');
  if (args.length === 1 && args[0] === 'size') return ok(`${ctx.rows} ${ctx.cols}\n`);
  return fail(
    `stty: invalid argument '${args[0] ?? ''}'\nTry 'stty --help' for more information.\n`,
  );
};

export const UTILITIES: Record<string, Program> = {
  base64,
  cat,
  clear: () => ok('\x1b[H\x1b[2J'),
  date: (_a, _i, ctx) => ok(`${dateString(ctx.system.now)}\n`),
  dmesg: (_a, _i, ctx) =>
    ctx.user === 'root'
      ? ok(ctx.dmesg())
      : fail('dmesg: read kernel buffer failed: Operation not permitted\n'),
  false: () => fail(''),
  free,
  head,
  ls,
  seq,
  stty,
  true: () => ok(),
  uname,
  uptime: (_a, _i, ctx) => ok(`${uptimeLine(ctx.system.now, ctx.system.uptimeMs, 1)}\n`),
  whoami: (_a, _i, ctx) => ok(`${ctx.user}\n`),
  yes: (args) => ok(yesSource(args.length > 0 ? args.join(' ') : 'y')),
};

// One bash session on the serial console: its directory, history and $?, and the running of a
// command line through the console's output queue. The shell is busy from Enter until the
// command's last byte has gone out; effects that leave the shell (logout, poweroff, reboot) are
// handed back to the console, which owns the getty and the power sequences.
import type { Clock } from '../../clock';
import type { CommandResult } from './commands';
import { runCommandLine } from './commands';
import { dmesgText } from './bootLog';
import type { FakeFs } from './fakeFs';
import type { OutputQueue } from './outputQueue';
import { onlcr } from './streams';
import type { SystemInfo } from './system';

const MAX_HISTORY = 1000;

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

export interface ShellDeps {
  user: string;
  home: string;
  fs: FakeFs;
  queue: OutputQueue;
  clock: Clock;
  random: () => number;
  system(): SystemInfo;
  size(): { cols: number; rows: number };
  setHostname(name: string): void;
  /** The command asked to leave the shell; nothing more is printed by the shell. */
  leave(effect: 'logout' | 'poweroff' | 'reboot'): void;
  /** A prompt is up again: what was typed meanwhile can be read. */
  ready(): void;
}

export class Shell {
  cwd: string;
  history: string[] = [];
  lastStatus = 0;
  private running = false;
  private cursor = 0;
  private stress = 0;

  constructor(private readonly deps: ShellDeps) {
    this.cwd = deps.home;
  }

  /** What the foreground job dirties of guest memory per second (stress-ng), 0 when idle. */
  get workloadBytesPerSec(): number {
    return this.running ? this.stress : 0;
  }

  /** From Enter until the command's output has all gone out. */
  get busy(): boolean {
    return this.running;
  }

  /** A fresh login: back home, history recall starts from the newest line. */
  start(): void {
    this.cwd = this.deps.home;
    this.cursor = this.history.length;
    this.running = false;
  }

  prompt(): string {
    const { home, user } = this.deps;
    const host = this.deps.system().hostname;
    const cwd =
      this.cwd === home
        ? '~'
        : this.cwd.startsWith(`${home}/`)
          ? `~${this.cwd.slice(home.length)}`
          : this.cwd;
    return `${user}@${host}:${cwd}${user === 'root' ? '#' : '$'} `;
  }

  /** The console dropped the command's output (reboot, stop): nothing is running any more. */
  abort(): void {
    this.running = false;
    this.stress = 0;
  }

  /** Ctrl-C: the console has flushed the output; the job is gone, killed by SIGINT. */
  interrupted(): void {
    this.running = false;
    this.stress = 0;
    this.lastStatus = 130;
  }

  /** The history line `step` away from the current one, or null at either end. */
  recall(step: -1 | 1): string | null {
    const cursor = Math.min(Math.max(this.cursor + step, 0), this.history.length);
    if (cursor === this.cursor) return null;
    this.cursor = cursor;
    return this.history[cursor] ?? '';
  }

  run(line: string): void {
    const { queue } = this.deps;
    // Debian's HISTCONTROL=ignoreboth: no repeated lines, none typed with a leading space.
    if (line.trim() !== '' && !line.startsWith(' ') && this.history.at(-1) !== line) {
      this.history.push(line);
      if (this.history.length > MAX_HISTORY) this.history.shift();
    }
    this.cursor = this.history.length;
    const system = this.deps.system();
    const { cols, rows } = this.deps.size();
    const result = runCommandLine(line, {
      user: this.deps.user,
      home: this.deps.home,
      cwd: this.cwd,
      lastStatus: this.lastStatus,
      cols,
      rows,
      history: this.history,
      system,
      fs: this.deps.fs,
      random: this.deps.random,
      dmesg: () => dmesgText(system),
    });
    if (!result) {
      queue.write(this.prompt());
      return;
    }
    this.running = true;
    if (result.err) queue.write(crlf(result.err));
    if (result.out) queue.pipe(onlcr(result.out));
    const effect = result.effect;
    if (effect?.type === 'sleep' || effect?.type === 'stress') {
      queue.waitUntil(this.deps.clock.now() + effect.ms);
    }
    if (effect?.type === 'stress') {
      this.stress = effect.bytesPerSec;
      queue.write(crlf(effect.endText));
    }
    queue.then(() => this.finish(result));
  }

  private finish(result: CommandResult): void {
    this.running = false;
    this.stress = 0;
    this.lastStatus = result.status;
    const effect = result.effect;
    switch (effect?.type) {
      case 'logout':
      case 'poweroff':
      case 'reboot':
        this.deps.leave(effect.type);
        return;
      case 'cd':
        this.cwd = effect.cwd;
        break;
      case 'hostname':
        this.deps.setHostname(effect.name);
        break;
      case 'clear-history':
        this.history = [];
        this.cursor = 0;
        break;
      default:
        break;
    }
    this.deps.queue.write(this.prompt());
    this.deps.ready();
  }
}

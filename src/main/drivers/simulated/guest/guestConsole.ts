// The guest OS behind the serial port of one running simulated VM: boot log, getty/login, a small
// bash, and the systemd shutdown. Everything it prints goes through one OutputQueue, so output is
// clock-paced and stops while the reader is not draining; only Ctrl-C cuts through, because a
// flood must never make the console unusable.
import { Listeners } from '../../../../shared/listeners';
import type { Clock } from '../../clock';
import { loginBanner } from './bootLog';
import { FakeFs, homeOf } from './fakeFs';
import { Getty } from './getty';
import type { GuestConsoleOptions, GuestConsoleState, Phase } from './guestState';
import { sanitizeState, savedPhase } from './guestState';
import { LineDiscipline } from './lineDiscipline';
import { OutputQueue } from './outputQueue';
import { PowerSequence } from './powerSequence';
import { Shell } from './shell';
import type { SystemInfo } from './system';
import { DEFAULT_KERNEL } from './system';

export type { GuestConsoleOptions } from './guestState';

const MAX_TYPE_AHEAD = 4096;

export class GuestConsole {
  private readonly opts: GuestConsoleOptions;
  private readonly clock: Clock;
  private readonly shell: Shell;
  private readonly getty: Getty;
  private readonly tty = new LineDiscipline();
  private readonly queue: OutputQueue;
  private readonly power: PowerSequence;
  // A broken reader must not wedge the guest's output queue.
  private readonly outputListeners = new Listeners<Uint8Array>('console output');
  private readonly stopListeners = new Listeners<string>('console stop');
  private current: Phase = 'off';
  private typeAhead: number[] = [];
  private hostname: string;
  private bootedAt: number;
  private cols = 80;
  private rows = 24;
  private lastByte = 0x0a;
  private stopped = false;

  constructor(opts: GuestConsoleOptions) {
    this.opts = opts;
    this.clock = opts.clock;
    const user = opts.loginUser ?? 'root';
    this.hostname = opts.hostname ?? opts.vmName;
    this.bootedAt = opts.startedAt ?? this.clock.now();
    this.queue = new OutputQueue(this.clock, (chunk) => this.emit(chunk));
    this.power = new PowerSequence(this.clock, this.queue);
    this.shell = new Shell({
      user,
      home: homeOf(user),
      fs: new FakeFs(user),
      queue: this.queue,
      clock: this.clock,
      random: opts.random ?? Math.random,
      system: () => this.system(),
      size: () => ({ cols: this.cols, rows: this.rows }),
      setHostname: (name) => (this.hostname = name),
      leave: (effect) =>
        effect === 'poweroff'
          ? this.shutdown()
          : effect === 'reboot'
            ? this.reboot()
            : this.logout(),
      ready: () => this.readTypeAhead(),
    });
    this.getty = new Getty({
      queue: this.queue,
      tty: this.tty,
      clock: this.clock,
      user,
      password: opts.password ?? null,
      system: () => this.system(),
      loggedIn: () => {
        this.current = 'shell';
        this.shell.start();
        this.queue.write(this.shell.prompt());
      },
    });
  }

  /** A console in the state a snapshot saved; it prints nothing until typed at, like a real one. */
  static restore(state: GuestConsoleState, opts: GuestConsoleOptions): GuestConsole {
    const guest = new GuestConsole(opts);
    const s = sanitizeState(state, guest.hostname, homeOf(opts.loginUser ?? 'root'));
    guest.hostname = s.hostname;
    guest.shell.history = s.history;
    guest.shell.start();
    guest.shell.cwd = s.cwd;
    guest.shell.lastStatus = s.lastStatus;
    guest.getty.lastLogin = s.lastLogin;
    guest.cols = s.cols;
    guest.rows = s.rows;
    if (s.phase === 'booting') guest.boot();
    else {
      guest.current = s.phase;
      guest.bootedAt = guest.clock.now() - s.uptimeMs;
    }
    return guest;
  }

  state(): GuestConsoleState {
    return {
      version: 1,
      phase: savedPhase(this.current),
      hostname: this.hostname,
      cwd: this.shell.cwd,
      history: [...this.shell.history],
      uptimeMs: Math.max(0, this.clock.now() - this.bootedAt),
      lastStatus: this.shell.lastStatus,
      lastLogin: this.getty.lastLogin,
      cols: this.cols,
      rows: this.rows,
    };
  }

  /** What a screen attached now shows first: the login banner, or the shell's prompt. */
  greeting(): string {
    if (this.current === 'shell') return this.shell.prompt();
    if (this.current === 'login') return loginBanner(this.hostname);
    return '';
  }

  get phase(): Phase {
    return this.current === 'login' && this.getty.askingPassword ? 'password' : this.current;
  }

  /** What a running command (stress-ng) dirties of guest memory per second, 0 at rest. */
  get workloadBytesPerSec(): number {
    return this.current === 'shell' ? this.shell.workloadBytesPerSec : 0;
  }

  get paused(): boolean {
    return this.queue.paused;
  }

  /** Output held in memory waiting to go out; stays within a few chunks even for floods. */
  get queuedBytes(): number {
    return this.queue.queuedBytes;
  }

  onOutput(listener: (chunk: Uint8Array) => void): () => void {
    return this.outputListeners.add(listener);
  }

  /** Called once when the VM goes away (stop()), so a console attached to it can close. */
  onStop(listener: (reason: string) => void): () => void {
    return this.stopListeners.add(listener);
  }

  pause(): void {
    this.queue.pause();
  }

  resume(): void {
    this.queue.resume();
  }

  resize(cols: number, rows: number): void {
    if (Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0) {
      this.cols = Math.min(cols, 10_000);
      this.rows = Math.min(rows, 10_000);
    }
  }

  boot(): void {
    this.reset('booting');
    this.stopped = false;
    this.bootedAt = this.clock.now();
    this.shell.start();
    this.shell.lastStatus = 0;
    const banner = this.getty.banner();
    this.power.boot(this.system(), this.opts.bootMs ?? 3000, banner, () => {
      this.current = 'login';
    });
  }

  shutdown(): void {
    this.halt('poweroff');
  }

  reboot(): void {
    this.halt('reboot');
  }

  stop(reason = 'VM stopped'): void {
    this.reset('off');
    if (this.stopped) return;
    this.stopped = true;
    this.stopListeners.emit(reason);
  }

  input(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (this.current === 'off' || this.current === 'booting' || this.current === 'halting') {
        continue;
      }
      if (byte === 0x03) this.interrupt();
      else if (this.shell.busy && this.current === 'shell') {
        if (this.typeAhead.length < MAX_TYPE_AHEAD) this.typeAhead.push(byte);
      } else this.key(byte);
    }
  }

  private key(byte: number): void {
    const { echo, event } = this.tty.feed(byte);
    this.queue.write(echo);
    if (!event) return;
    if (event.type === 'line') {
      if (this.current === 'login') this.getty.line(event.text);
      else this.shell.run(event.text);
    } else if (event.type === 'eof' && this.current === 'shell') {
      this.queue.write('logout\r\n');
      this.logout();
    } else if (event.type === 'history' && this.current === 'shell') {
      const line = this.shell.recall(event.step);
      if (line !== null) this.queue.write(this.tty.replace(line));
    }
  }

  /** ISIG: flush both queues, kill the foreground job, and prompt right away, paused or not. */
  private interrupt(): void {
    this.queue.clear();
    this.tty.reset();
    this.typeAhead = [];
    if (this.current === 'shell') {
      this.shell.interrupted();
      this.queue.emitNow(`^C\r\n${this.shell.prompt()}`);
    } else {
      this.getty.reset();
      this.queue.emitNow(`^C\r\n${this.getty.prompt()}`);
    }
  }

  private logout(): void {
    this.current = 'login';
    this.typeAhead = [];
    this.queue.write(this.getty.banner());
  }

  /** What was typed while a command ran is read now, as bash reads the tty's buffer. */
  private readTypeAhead(): void {
    const typed = this.typeAhead;
    this.typeAhead = [];
    if (typed.length > 0) this.input(Uint8Array.from(typed));
  }

  private halt(kind: 'poweroff' | 'reboot'): void {
    if (this.current === 'off' || this.current === 'halting') return;
    const freshLine = this.lastByte !== 0x0a;
    this.reset('halting');
    const uptime = this.clock.now() - this.bootedAt;
    this.power.halt(kind, uptime, this.opts.shutdownMs ?? 1500, freshLine, () => {
      this.current = 'off';
      if (kind === 'poweroff') this.opts.onPoweroff();
      else {
        this.opts.onReboot?.();
        this.boot();
      }
    });
  }

  private reset(phase: Phase): void {
    this.queue.clear();
    this.power.cancel();
    this.tty.reset();
    this.getty.reset();
    this.typeAhead = [];
    this.shell.abort();
    this.current = phase;
  }

  private system(): SystemInfo {
    const now = this.clock.now();
    return {
      hostname: this.hostname,
      kernel: this.opts.kernel ?? DEFAULT_KERNEL,
      memoryMiB: this.opts.memoryMiB,
      vcpus: this.opts.vcpus,
      diskGiB: this.opts.diskGiB ?? 20,
      uptimeMs: Math.max(0, now - this.bootedAt),
      now,
    };
  }

  private emit(chunk: Uint8Array): void {
    this.lastByte = chunk[chunk.length - 1] ?? this.lastByte;
    this.outputListeners.emit(chunk);
  }
}

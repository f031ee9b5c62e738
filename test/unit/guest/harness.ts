// A simulated guest on a ManualClock with its serial output collected as text, for the console
// tests: `type` is the user at the keyboard, `out.take()` what appeared since the last look.
import { ManualClock } from '../../../src/main/drivers/clock';
import type { GuestConsoleOptions } from '../../../src/main/drivers/simulated/guest';
import { GuestConsole } from '../../../src/main/drivers/simulated/guest';

export const CTRL_C = '\x03';
export const CTRL_D = '\x04';
export const CTRL_U = '\x15';
export const UP = '\x1b[A';

const encoder = new TextEncoder();

export function stripAnsi(s: string): string {
  return s.replace(new RegExp(`${'\x1b'}\\[[0-9;]*[A-Za-z]`, 'g'), '');
}

export class Output {
  all = '';
  chunks: number[] = [];
  private seen = 0;
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk.length);
    this.all += this.decoder.decode(chunk, { stream: true });
  }

  /** What arrived since the last take(). */
  take(): string {
    const s = this.all.slice(this.seen);
    this.seen = this.all.length;
    return s;
  }
}

export type Overrides = Partial<GuestConsoleOptions>;

export function makeGuest(overrides: Overrides = {}) {
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock();
  const events: string[] = [];
  const out = new Output();
  const opts: GuestConsoleOptions = {
    vmName: 'web-01',
    clock,
    memoryMiB: 2048,
    vcpus: 4,
    onPoweroff: () => events.push('poweroff'),
    onReboot: () => events.push('reboot'),
    ...overrides,
  };
  const guest = new GuestConsole(opts);
  guest.onOutput((c) => out.push(c));
  const type = (s: string) => guest.input(encoder.encode(s));
  return { clock, guest, out, events, type, opts };
}

/** A guest that has booted and has root logged in, with the output so far consumed. */
export function loggedIn(overrides: Overrides = {}) {
  const g = makeGuest(overrides);
  g.guest.boot();
  g.clock.advance(g.opts.bootMs ?? 3000);
  g.type(`${g.opts.loginUser ?? 'root'}\r`);
  if (g.opts.password != null) g.type(`${g.opts.password}\r`);
  g.out.take();
  /** Runs a command line and returns what it printed (echo and next prompt included). */
  const run = (line: string, ms = 10) => {
    g.type(`${line}\r`);
    g.clock.advance(ms);
    return g.out.take();
  };
  /** Just the command's output: between the echoed line and the next prompt. */
  const output = (line: string, ms = 10) => {
    const text = run(line, ms);
    const start = text.indexOf('\r\n') + 2;
    const end = text.lastIndexOf('\r\n');
    return end >= start ? text.slice(start, end + 2) : '';
  };
  return { ...g, run, output };
}

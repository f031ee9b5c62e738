// Playing the boot and the shutdown onto the console on the clock. The boot finishes when its
// output has gone out; a shutdown finishes then too, or after a grace period at the latest, so a
// window that stopped reading cannot keep a VM from powering off.
import type { Clock } from '../../clock';
import type { BootFacts } from './bootLog';
import { bootLines, shutdownLines } from './bootLog';
import type { OutputQueue } from './outputQueue';

/** How much longer than its on-screen duration a shutdown may wait for a stalled reader. */
export const HALT_GRACE_MS = 1000;

export class PowerSequence {
  private graceTimer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly queue: OutputQueue,
  ) {}

  /** Queues the boot log over `bootMs`, then `banner`, then calls `done`. */
  boot(facts: BootFacts, bootMs: number, banner: string, done: () => void): void {
    const start = this.clock.now();
    for (const line of bootLines(facts, bootMs)) {
      this.queue.waitUntil(start + line.at);
      this.queue.write(`${line.text}\r\n`);
    }
    this.queue.waitUntil(start + bootMs);
    this.queue.write(banner);
    this.queue.then(done);
  }

  /** Queues systemd's way down over `durationMs`; `done` runs once, after the last line. */
  halt(
    kind: 'poweroff' | 'reboot',
    uptimeMs: number,
    durationMs: number,
    freshLine: boolean,
    done: () => void,
  ): void {
    const start = this.clock.now();
    if (freshLine) this.queue.write('\r\n');
    for (const line of shutdownLines(kind, uptimeMs, durationMs)) {
      this.queue.waitUntil(start + line.at);
      this.queue.write(`${line.text}\r\n`);
    }
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.cancel();
      done();
    };
    this.queue.then(finish);
    this.graceTimer = this.clock.setTimeout(finish, durationMs + HALT_GRACE_MS);
  }

  /** Forgets a shutdown in progress (the VM was destroyed or booted again). */
  cancel(): void {
    if (this.graceTimer !== null) this.clock.clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}

// agetty and login on ttyS0: the "HOST login:" prompt, the optional password (typed without
// echo), "Login incorrect", and the motd on success. The shell session itself is not its concern.
import type { Clock } from '../../clock';
import { loginBanner } from './bootLog';
import type { LineDiscipline } from './lineDiscipline';
import type { OutputQueue } from './outputQueue';
import type { SystemInfo } from './system';
import { dateString, motd } from './system';

export interface GettyDeps {
  queue: OutputQueue;
  tty: LineDiscipline;
  clock: Clock;
  user: string;
  /** null: the user logs in without a password prompt. */
  password: string | null;
  system(): SystemInfo;
  /** Login succeeded and the motd is queued; the shell takes over. */
  loggedIn(): void;
}

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

export class Getty {
  /** Clock time of the last successful login, for the motd's "Last login:" line. */
  lastLogin: number | null = null;
  /** The name typed, while the password is being asked for. */
  private name: string | null = null;

  constructor(private readonly deps: GettyDeps) {}

  get askingPassword(): boolean {
    return this.name !== null;
  }

  /** The issue banner and first prompt, as getty prints them when it (re)starts. */
  banner(): string {
    this.reset();
    return loginBanner(this.deps.system().hostname);
  }

  prompt(): string {
    return `${this.deps.system().hostname} login: `;
  }

  reset(): void {
    this.name = null;
    this.deps.tty.echo = true;
  }

  line(text: string): void {
    if (this.name === null) this.enterName(text);
    else this.enterPassword(this.name, text);
  }

  private enterName(name: string): void {
    const { queue, password, tty } = this.deps;
    if (name.trim() === '') {
      queue.write(this.prompt());
    } else if (password !== null) {
      this.name = name;
      tty.echo = false;
      queue.write('Password: ');
    } else if (name === this.deps.user) this.success();
    else this.incorrect();
  }

  private enterPassword(name: string, password: string): void {
    this.reset();
    // Enter was not echoed either; login moves to the next line itself.
    this.deps.queue.write('\r\n');
    if (name === this.deps.user && password === this.deps.password) this.success();
    else this.incorrect();
  }

  private incorrect(): void {
    this.deps.queue.write(`\r\nLogin incorrect\r\n${this.prompt()}`);
  }

  private success(): void {
    const last = this.lastLogin;
    const lastLine =
      last === null ? '' : `Last login: ${dateString(last).replace(' UTC', '')} on ttyS0`;
    this.lastLogin = this.deps.clock.now();
    this.deps.queue.write(crlf(motd(this.deps.system(), lastLine)));
    this.deps.loggedIn();
  }
}

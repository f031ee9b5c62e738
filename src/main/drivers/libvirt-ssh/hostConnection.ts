// The connection state machine of one libvirt host (over SSH, or this machine's own): connecting (never blocking the caller),
// connected, and after an unexpected drop disconnected with a reason and an automatic retry with
// backoff. Authentication failures and refused host keys are final: only reconnect() (the user)
// tries again. A superseded attempt (close(), a newer reconnect) gives up quietly.
import os from 'node:os';
import { VirtdeskError } from '../../../shared/errors';
import type { HostConnectionState } from '../../../shared/model';
import type { Clock } from '../clock';
import type { Prompter } from '../prompter';
import { RetryTimer } from './backoff';
import type { HostSession } from './hostSession';
import type { Inventory } from './inventory';
import { openHost } from './openHost';
import type { StatsTick } from '../../../shared/model';
import type { HostTarget } from './target';
import { resolveHostTarget } from './target';
import type { HostTransport } from './transport';

export interface HostConnectionOptions {
  hostId: string;
  name: string;
  uri: string;
  prompter: Prompter;
  appKnownHostsFile: string;
  home: string;
  localUser?: string;
  sshAuthSock?: string | null;
  sshConfigPath?: string;
  /** The environment local commands run in; default process.env. */
  env?: NodeJS.ProcessEnv;
  clock: Clock;
  inventory: Inventory;
  onState(): void;
  onStats(stats: StatsTick): void;
  wantStats(): boolean;
}

/** Errors that another try cannot fix without the user. */
const FINAL = new Set([
  'AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_MISMATCH',
  'INVALID_INPUT',
  'UNSUPPORTED',
]);

const asError = (e: unknown): VirtdeskError =>
  e instanceof VirtdeskError
    ? e
    : new VirtdeskError('HOST_ERROR', e instanceof Error ? e.message : String(e));

export class HostConnection {
  state: HostConnectionState = 'disconnected';
  error: string | undefined;
  target: HostTarget | null = null;
  session: HostSession | null = null;
  private link: HostTransport | null = null;
  private attempt = 0;
  private aborter: AbortController | null = null;
  private closed = false;
  private readonly retry: RetryTimer;

  constructor(private readonly o: HostConnectionOptions) {
    this.retry = new RetryTimer(o.clock);
  }

  connect(): void {
    if (this.closed || this.state !== 'disconnected' || this.retry.pending) return;
    void this.run();
  }

  reconnect(): void {
    if (this.closed || this.state !== 'disconnected') return;
    this.retry.cancel();
    this.retry.reset();
    void this.run();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.attempt++;
    this.aborter?.abort();
    this.retry.cancel();
    this.teardown(new VirtdeskError('DISCONNECTED', `Host ${this.o.name} was closed.`));
    this.state = 'disconnected';
  }

  private async run(): Promise<void> {
    const attempt = ++this.attempt;
    this.aborter?.abort();
    const aborter = (this.aborter = new AbortController());
    this.setState('connecting', undefined);
    try {
      const o = this.o;
      const target = (this.target ??= resolveHostTarget(o.uri, {
        home: o.home,
        localUser: o.localUser ?? os.userInfo().username,
        sshConfigPath: o.sshConfigPath,
      }));
      const opened = await openHost({
        ...o,
        target,
        env: o.env ?? process.env,
        sshAuthSock:
          o.sshAuthSock === undefined ? (process.env.SSH_AUTH_SOCK ?? null) : o.sshAuthSock,
        current: () => attempt === this.attempt && !this.closed,
        signal: aborter.signal,
        onLost: (message) => this.lost(attempt, message),
      });
      if (!opened) return;
      this.link = opened.link;
      this.session = opened.session;
      o.inventory.replace(opened.records);
      opened.session.begin();
      this.retry.reset();
      this.setState('connected', undefined);
    } catch (e) {
      if (attempt !== this.attempt || this.closed) return;
      const err = asError(e);
      this.setState('disconnected', err.message);
      if (!FINAL.has(err.code)) this.retryLater();
    }
  }

  /** An unexpected end of the connection (or of its virsh session): fail everything, retry. */
  private lost(attempt: number, message: string): void {
    if (attempt !== this.attempt || this.closed) return;
    this.attempt++;
    this.teardown(new VirtdeskError('DISCONNECTED', message));
    this.setState('disconnected', message);
    this.retryLater();
  }

  private teardown(error: VirtdeskError): void {
    this.session?.end(error);
    this.link?.close();
    this.session = null;
    this.link = null;
  }

  private retryLater(): void {
    this.retry.schedule(() => {
      if (!this.closed && this.state === 'disconnected') void this.run();
    });
  }

  private setState(state: HostConnectionState, error: string | undefined): void {
    this.state = state;
    this.error = error;
    this.o.onState();
  }
}

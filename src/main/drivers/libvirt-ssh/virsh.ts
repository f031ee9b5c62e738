// The one persistent `virsh` per host: a shell reading commands on the stdin of a channel of the
// host's transport (an exec channel multiplexed on its SSH connection, or a local child process). A command costs one round trip on an open session
// (≈ 60 ms on the testbed) against ≈ 300 ms for an exec channel per command, which also opens a
// new libvirt connection each time. Commands written together are one round trip: a batch of
// hundreds of dumpxml calls costs little more than one. virsh runs them in order, so replies
// come back in order and the session needs no ids beyond the framing markers.
import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '../../../shared/errors';
import { VirtdeskError } from '../../../shared/errors';
import { Listeners } from '../../../shared/listeners';
import type { VirshReply } from './framing';
import { ReplyFramer } from './framing';
import type { HostChannel, HostTransport } from './transport';
import { commandFailure, virshError } from './virshErrors';

export const VIRSH_TIMEOUT_MS = 60_000;
const TAB_PROBE = 'vd\tprobe';

/** One command's outcome inside a batch: its stdout, or the error its `error:` lines mean. */
export type VirshResult = { ok: true; stdout: string } | { ok: false; error: VirtdeskError };

/** A batched command's stdout; its error is thrown, or `missing` when the batch gave no reply. */
export function stdoutOf(r: VirshResult | undefined, code: ErrorCode, missing: string): string {
  if (!r) throw new VirtdeskError(code, missing);
  if (!r.ok) throw r.error;
  return r.stdout;
}

interface Waiter {
  count: number;
  replies: VirshReply[];
  resolve(replies: VirshReply[]): void;
  reject(e: VirtdeskError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Ten random characters of [a-z0-9] (≈ 51 bits), short because each one costs (framing.ts). */
function newNonce(): string {
  return Array.from(randomBytes(10), (b) => (b % 36).toString(36)).join('');
}

/** virsh's words; the transport adds LC_ALL=C, which keeps states and messages in the English parsed. */
export function virshArgv(uri: string, ...extra: string[]): string[] {
  return ['virsh', '-q', '-c', uri, ...extra];
}

export class VirshSession {
  private readonly framer: ReplyFramer;
  private readonly waiters: Waiter[] = [];
  private readonly closeListeners = new Listeners<VirtdeskError>('virsh close');
  private ended: VirtdeskError | null = null;
  /** Commands written to this session, by verb (`dumpxml`, `domstats`…): diagnostics, tests. */
  readonly sent = new Map<string, number>();
  private stderrTail = '';
  private exitCode: number | null = null;

  private constructor(
    private readonly channel: HostChannel,
    private readonly hostName: string,
    private readonly timeoutMs: number,
  ) {
    this.framer = new ReplyFramer(newNonce(), (r) => this.reply(r));
    channel.setEncoding('utf8');
    channel.stderr.setEncoding('utf8');
    channel.on('data', (s: string) => this.framer.pushStdout(s));
    channel.stderr.on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-4096);
      this.framer.pushStderr(s);
    });
    channel.on('exit', (code: number | null) => (this.exitCode = code));
    channel.on('close', () => this.abort(this.whyClosed()));
  }

  /**
   * Starts virsh and checks that it reached libvirtd (`uri`); rejects with why it did not. The
   * session runs in C.UTF-8 (messages stay English): in plain C, tables such as vol-list print
   * every non-ASCII byte as `\xff`. The same round trip checks how a TAB reaches virsh's parser.
   */
  static async open(
    transport: HostTransport,
    opts: { uri: string; hostName: string; timeoutMs?: number },
  ): Promise<VirshSession> {
    const { session, checked } = await VirshSession.start(transport, opts);
    await checked;
    return session;
  }

  /**
   * open() without waiting for the check: commands may be written at once, behind it (virsh runs
   * them in order, once connected), which saves the round trip a connect would otherwise wait
   * for. `checked` rejects with why virsh did not reach libvirtd and closes the session, failing
   * what was written meanwhile. Lines written before it settles are framed as for a virsh with
   * readline, which is the same framing unless a line holds a control character.
   */
  static async start(
    transport: HostTransport,
    opts: { uri: string; hostName: string; timeoutMs?: number },
  ): Promise<{ session: VirshSession; checked: Promise<void> }> {
    const channel = await transport.exec(virshArgv(opts.uri), { utf8: true });
    const session = new VirshSession(channel, opts.hostName, opts.timeoutMs ?? VIRSH_TIMEOUT_MS);
    const checked = session.batch(['uri', `echo -- '${TAB_PROBE}'`]).then(
      ([first, probe]) => {
        if (first && !first.ok) {
          session.close();
          throw first.error;
        }
        // Without readline, the ^V before the TAB arrived as it was: send control characters bare.
        if (probe?.ok && probe.stdout === TAB_PROBE.replace('\t', '\x16\t'))
          session.framer.quotedInsert = false;
      },
      (e: unknown) => {
        session.close();
        throw e;
      },
    );
    return { session, checked };
  }

  get closed(): boolean {
    return this.ended !== null;
  }

  /** Runs commands in one round trip; each result stands alone (a missing domain fails only its own). */
  async batch(lines: readonly string[]): Promise<VirshResult[]> {
    const replies = await this.raw(lines);
    return replies.map((r) => {
      const error = virshError(r.stderr, this.hostName);
      return error ? { ok: false, error } : { ok: true, stdout: r.stdout };
    });
  }

  /** One command; rejects with its error. */
  async call(line: string): Promise<string> {
    const [result] = await this.batch([line]);
    if (!result) throw new VirtdeskError('INTERNAL', 'virsh returned no reply');
    if (!result.ok) throw result.error;
    return result.stdout;
  }

  raw(lines: readonly string[]): Promise<VirshReply[]> {
    if (this.ended) return Promise.reject(this.ended);
    if (lines.length === 0) return Promise.resolve([]);
    for (const l of lines) {
      const space = l.indexOf(' ');
      const verb = space === -1 ? l : l.slice(0, space);
      this.sent.set(verb, (this.sent.get(verb) ?? 0) + 1);
    }
    const text = lines.map((l) => this.framer.frame(l)).join('');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const e = new VirtdeskError(
          'HOST_ERROR',
          `virsh on ${this.hostName} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`,
        );
        // Replies can no longer be matched to their commands: the session is finished.
        this.abort(e);
        this.channel.close();
      }, this.timeoutMs);
      this.waiters.push({ count: lines.length, replies: [], resolve, reject, timer });
      this.channel.write(text);
    });
  }

  onClose(listener: (error: VirtdeskError) => void): () => void {
    return this.closeListeners.add(listener);
  }

  /** Fails everything in flight or queued with `error` (never lost silently) and ends the session. */
  abort(error: VirtdeskError): void {
    if (this.ended) return;
    this.ended = error;
    this.framer.reset();
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.closeListeners.emit(error);
    this.closeListeners.clear();
  }

  close(): void {
    this.abort(
      new VirtdeskError('DISCONNECTED', `The virsh session on ${this.hostName} was closed.`),
    );
    this.channel.end();
    this.channel.close();
  }

  private reply(r: VirshReply): void {
    const w = this.waiters[0];
    if (!w) return;
    w.replies.push(r);
    if (w.replies.length < w.count) return;
    this.waiters.shift();
    clearTimeout(w.timer);
    w.resolve(w.replies);
  }

  private whyClosed(): VirtdeskError {
    if (this.exitCode !== null && this.exitCode !== 0) {
      return commandFailure(this.exitCode, this.stderrTail, this.hostName);
    }
    return new VirtdeskError(
      'DISCONNECTED',
      `Connection lost: the virsh session on ${this.hostName} ended.`,
    );
  }
}

// The host's ONE SSH connection (ssh2 Client), through ProxyJump hops when ~/.ssh/config asks
// for them (each hop a Client of its own, the next one riding a forwardOut stream). Host keys are
// checked against known_hosts by the verifier from main/ssh; questions go to the Prompter, and
// the handshake clock stops while the user reads them.
import type { Client as ClientType } from 'ssh2';
import { Client } from 'ssh2';
import type { Readable } from 'node:stream';
import { VirtdeskError } from '../../../shared/errors';
import type { HostKeyDecision } from '../../../shared/prompts';
import { Listeners } from '../../../shared/listeners';
import type { Prompter } from '../prompter';
import { createHostVerifier } from '../../ssh/hostVerifier';
import { hostKeyAlgorithmsFor } from '../../ssh/knownHosts';
import { createAuth } from './auth';
import type { ProxyProcess } from './proxyCommand';
import { startProxyCommand } from './proxyCommand';
import { sshExec, sshOpenStream } from './sshExec';
import type { ConnectTarget, SshHop } from './target';
import type { HostTransport } from './transport';

export const HANDSHAKE_TIMEOUT_MS = 20_000;
export const KEEPALIVE_INTERVAL_MS = 5_000;
export const KEEPALIVE_COUNT_MAX = 3;
/** How long a failed connection waits for its ProxyCommand's exit status, to name it. */
const PROXY_SETTLE_MS = 1000;

export interface ConnectOptions {
  target: ConnectTarget;
  prompter: Prompter;
  appKnownHostsFile: string;
  sshAuthSock: string | null;
  home: string;
  handshakeTimeoutMs?: number;
  /** Aborting gives up the attempt at once (the host was closed or reconnected meanwhile). */
  signal?: AbortSignal;
}

/** The host's SSH connection as the driver's transport: each command an exec channel on it. */
export interface SshLink extends HostTransport {
  client: ClientType;
}

/** Stops a deadline while the user is being asked something, restarts it after. */
class Deadline {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waits = 0;
  constructor(
    private readonly ms: number,
    private readonly onExpire: () => void,
  ) {
    this.arm();
  }
  async around<T>(p: Promise<T>): Promise<T> {
    this.waits++;
    this.disarm();
    try {
      return await p;
    } finally {
      if (--this.waits === 0) this.arm();
    }
  }
  arm(): void {
    this.disarm();
    if (this.ms > 0) this.timer = setTimeout(this.onExpire, this.ms);
  }
  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function askHostKey(
  hop: SshHop,
  prompter: Prompter,
  info: { host: string; port: number; keyType: string; fingerprint: string },
): Promise<HostKeyDecision> {
  // StrictHostKeyChecking yes: never ask, an unknown key is refused (as ssh does).
  if (hop.strictHostKeyChecking === 'yes') return Promise.resolve('cancel');
  return prompter.hostKey({
    host: info.host,
    port: info.port,
    keyType: info.keyType,
    fingerprint: info.fingerprint,
  });
}

/** One hop: TCP (or `sock`), key exchange, host key, authentication. */
export function connectHop(
  hop: SshHop,
  opts: Omit<ConnectOptions, 'target'>,
  sock?: Readable,
): Promise<ClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (e: VirtdeskError) => {
      if (settled) return;
      settled = true;
      deadline.disarm();
      opts.signal?.removeEventListener('abort', abort);
      client.end();
      client.destroy();
      reject(e);
    };
    const deadline = new Deadline(opts.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS, () =>
      fail(
        new VirtdeskError('DISCONNECTED', `Cannot connect to ${hop.label}: no answer (timed out).`),
      ),
    );
    const abort = () =>
      fail(new VirtdeskError('DISCONNECTED', `Connecting to ${hop.label} was cancelled.`));
    if (opts.signal?.aborted) return abort();
    opts.signal?.addEventListener('abort', abort, { once: true });
    const files = hop.knownHostsFiles;
    const verifier = createHostVerifier({
      host: hop.keyHost,
      port: hop.port,
      userFiles: files,
      appFile: opts.appKnownHostsFile,
      confirm: (info) => deadline.around(askHostKey(hop, opts.prompter, info)),
    });
    const auth = createAuth({
      user: hop.user,
      label: hop.label,
      agent: opts.sshAuthSock,
      identityFiles: hop.identityFiles,
      identitiesOnly: hop.identitiesOnly,
      home: opts.home,
      prompter: opts.prompter,
      waitForUser: (q) => deadline.around(q),
    });
    const authError = () => {
      const tried = auth.tried();
      const list = tried.length > 0 ? tried.join(', ') : 'no agent, key or password available';
      const verb = auth.cancelled() ? 'cancelled' : 'failed';
      return new VirtdeskError(
        'AUTH_FAILED',
        `Authentication ${verb} for ${hop.label} (tried: ${list})`,
      );
    };
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      deadline.disarm();
      opts.signal?.removeEventListener('abort', abort);
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string }) => {
      // An agent that cannot sign is not fatal: ssh2 goes on with the next method.
      if (settled || err.level === 'agent') return;
      const refused = verifier.lastError();
      if (refused) return fail(refused);
      if (err.level === 'client-authentication') return fail(authError());
      fail(new VirtdeskError('DISCONNECTED', `Cannot connect to ${hop.label}: ${err.message}`));
    });
    client.on('close', () => {
      const refused = verifier.lastError();
      fail(
        refused ??
          new VirtdeskError(
            'DISCONNECTED',
            `Cannot connect to ${hop.label}: the connection was closed.`,
          ),
      );
    });
    client.connect({
      host: hop.hostName,
      port: hop.port,
      username: hop.user,
      sock,
      hostVerifier: verifier.hostVerifier,
      authHandler: auth.handler,
      // Our own Deadline replaces ssh2's, which would also run while the user types a password.
      readyTimeout: 0,
      keepaliveInterval: KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      algorithms: {
        serverHostKey: hostKeyAlgorithmsFor({
          host: hop.keyHost,
          port: hop.port,
          files: [...files, opts.appKnownHostsFile],
        }),
      },
    });
    // Commands and their answers are small writes on one long-lived socket: with Nagle's
    // algorithm on, each reply can wait for the peer's delayed ACK (≈ 40 ms on some kernels, none
    // on others). ssh2 applies this to the TCP socket it has just opened (the first hop carries
    // every later hop's traffic); a forwarded hop's stream has no socket option to set.
    client.setNoDelay(true);
  });
}

function forward(via: ClientType, to: SshHop): Promise<Readable> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.hostName, to.port, (err, stream) => {
      if (err) {
        reject(
          new VirtdeskError(
            'DISCONNECTED',
            `Cannot reach ${to.label} through the jump host: ${err.message}`,
          ),
        );
      } else resolve(stream);
    });
  });
}

/** The SSH failure, with what the ProxyCommand said when it was the one that broke. */
async function withProxyReason(
  e: unknown,
  proxy: ProxyProcess | null,
  label: string,
): Promise<unknown> {
  if (!proxy || !(e instanceof VirtdeskError) || e.code !== 'DISCONNECTED') return e;
  await proxy.settle(PROXY_SETTLE_MS);
  const ended = proxy.ended();
  const said = proxy.stderrTail();
  if (ended === null && said === '') return e;
  const how = ended ? `the ProxyCommand ${ended}` : 'the ProxyCommand failed';
  return new VirtdeskError(
    'DISCONNECTED',
    `Cannot connect to ${label}: ${how}${said ? `: ${said}` : ''}`,
  );
}

/** Connects through every hop; rejects with AUTH_FAILED, HOST_KEY_*, or DISCONNECTED. */
export async function connectSsh(opts: ConnectOptions): Promise<SshLink> {
  const clients: ClientType[] = [];
  let proxy: ProxyProcess | null = null;
  const closeAll = () => {
    for (const c of [...clients].reverse()) c.end();
    proxy?.kill();
  };
  const hops = [...opts.target.jumps, opts.target];
  try {
    let sock: Readable | undefined;
    for (const [i, hop] of hops.entries()) {
      // Only the first hop opens a stream of its own; every later one rides a forwarded channel.
      if (i === 0 && hop.proxyCommand !== null) {
        proxy = startProxyCommand(hop.proxyCommand);
        sock = proxy.stream;
      }
      const client = await connectHop(hop, opts, sock).catch(async (e: unknown) => {
        throw i === 0 ? await withProxyReason(e, proxy, hop.label) : e;
      });
      clients.push(client);
      const next = hops[i + 1];
      if (next) sock = await forward(client, next);
    }
  } catch (e) {
    closeAll();
    throw e;
  }
  const client = clients[clients.length - 1]!;
  let closing = false;
  let lastError = 'the connection was closed';
  const lost = new Listeners<string>('connection lost');
  client.on('error', (err: Error) => (lastError = err.message));
  client.on('close', () => {
    if (closing) return;
    closing = true;
    closeAll();
    lost.emit(lastError);
  });
  return {
    client,
    exec: (argv, o) => sshExec(client, argv, o),
    openStream: (to) => sshOpenStream(client, to),
    onLost: (l) => void lost.add(l),
    close: () => {
      closing = true;
      closeAll();
    },
  };
}

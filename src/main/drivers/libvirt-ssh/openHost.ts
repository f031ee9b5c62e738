// One connection attempt: the transport (SSH through any jump hosts, or local child processes),
// then the virsh session, the host's facts and its full inventory. Anything that fails closes what was opened; an attempt that was
// superseded meanwhile (close(), a newer reconnect) gives up quietly.
import type { Prompter } from '../prompter';
import type { Clock } from '../clock';
import { connectSsh } from './connection';
import { HostSession, sessionGone } from './hostSession';
import type { Inventory } from './inventory';
import type { StatsTick } from '../../../shared/model';
import { explainLocal } from './localErrors';
import { LocalTransport } from './localTransport';
import type { HostTarget } from './target';
import type { HostTransport } from './transport';
import type { DomainRecord } from './vmRecord';

export interface OpenHostOptions {
  hostId: string;
  name: string;
  target: HostTarget;
  prompter: Prompter;
  appKnownHostsFile: string;
  sshAuthSock: string | null;
  home: string;
  /** The environment local commands run in (PATH finds virsh). */
  env: NodeJS.ProcessEnv;
  clock: Clock;
  inventory: Inventory;
  /** False once this attempt no longer matters. */
  current(): boolean;
  /** Aborted when the attempt no longer matters, to stop a handshake in progress. */
  signal: AbortSignal;
  /** The connection or its virsh session ended after this attempt succeeded. */
  onLost(message: string): void;
  onStats(stats: StatsTick): void;
  wantStats(): boolean;
}

export interface OpenHost {
  link: HostTransport;
  session: HostSession;
  records: Map<string, DomainRecord | null>;
}

/** Resolves null when the attempt was superseded; rejects with why it failed. */
export async function openHost(o: OpenHostOptions): Promise<OpenHost | null> {
  const { target } = o;
  const link =
    target.kind === 'local'
      ? new LocalTransport(o.env)
      : await connectSsh({
          target,
          prompter: o.prompter,
          appKnownHostsFile: o.appKnownHostsFile,
          sshAuthSock: o.sshAuthSock,
          home: o.home,
          signal: o.signal,
        });
  if (!o.current()) {
    link.close();
    return null;
  }
  link.onLost((reason) => o.onLost(`Connection lost: ${reason}`));
  try {
    const { session, records } = await HostSession.open({
      hostId: o.hostId,
      target: o.target,
      link,
      clock: o.clock,
      inventory: o.inventory,
      onStats: (s) => o.onStats(s),
      wantStats: () => o.wantStats(),
      onBroken: (e) => o.onLost(e.message),
      log: (m) => console.warn(`virtdesk: ${o.name}: ${m}`),
    });
    if (!o.current()) {
      session.end(sessionGone(o.name));
      link.close();
      return null;
    }
    return { link, session, records };
  } catch (e) {
    link.close();
    throw target.kind === 'local' ? explainLocal(e, target.virshUri) : e;
  }
}

// Everything that exists while a host is connected, on its one SSH connection: the virsh
// session for commands, the event channel, the stats ticker and the consoles. Opened in one go
// after SSH is up (virsh, host facts, full inventory), and ended in one go when the connection
// drops or the driver closes, failing whatever was in flight.
import type { Client } from 'ssh2';
import { VirtdeskError } from '../../../shared/errors';
import type { Clock } from '../clock';
import { RemoteConsoles } from './console';
import { domainRead } from './domainRead';
import type { DomainEventLine } from './eventLine';
import { EventStream } from './events';
import type { HostFacts } from './host';
import { hostRead } from './host';
import type { Inventory } from './inventory';
import { inventoryRead } from './inventory';
import type { SshLink } from './connection';
import { Refresher } from './refresher';
import type { StatsTick } from '../../../shared/model';
import { StatsPoller } from './stats';
import type { ConnectTarget } from './target';
import { VirshSession } from './virsh';
import type { DomainRecord } from './vmRecord';

export interface HostSessionOptions {
  hostId: string;
  target: ConnectTarget;
  link: SshLink;
  clock: Clock;
  inventory: Inventory;
  onStats(stats: StatsTick): void;
  /** Someone listens for stats; no domstats call is made otherwise. */
  wantStats(): boolean;
  /** The virsh session died while the connection lived: the driver starts over. */
  onBroken(error: VirtdeskError): void;
  /** Diagnostics (event channel down, a failed re-read); not shown to the user as errors. */
  log(message: string): void;
}

export class HostSession {
  readonly consoles: RemoteConsoles;
  readonly client: Client;
  private readonly events: EventStream;
  private readonly stats: StatsPoller;
  private readonly refresher: Refresher;
  private ended = false;
  /** When the last event arrived (local clock), for tests and diagnostics. */
  lastEventAt: number | null = null;

  private constructor(
    private readonly opts: HostSessionOptions,
    readonly virsh: VirshSession,
    readonly facts: HostFacts,
  ) {
    const { link, target, clock, inventory, hostId } = opts;
    this.client = link.client;
    this.consoles = new RemoteConsoles(link.client, target.virshUri);
    this.refresher = new Refresher(
      async (what) => {
        const { docs } = inventory;
        const all = async () => inventory.replace(await inventoryRead({ virsh, hostId, docs }));
        if (what === 'all') return all();
        const read = await domainRead({ virsh, hostId, ids: what, docs });
        for (const [id, r] of read) inventory.update(id, r);
        // Gone: maybe undefined and defined again under the same name with a new uuid.
        if ([...read.values()].includes(null)) await all();
      },
      (e) => {
        // Reads cut off by the session ending are expected, not worth a line.
        if (!this.ended)
          opts.log(`re-reading domains failed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
    this.events = new EventStream({
      client: link.client,
      virshUri: target.virshUri,
      clock,
      names: () => inventory.names(),
      onEvent: (e) => this.event(e),
      // Events may have been missed while nobody listened (libvirtd restarted): read everything.
      onSubscribed: () => this.refresher.request('all'),
      onDown: (why, ms) => opts.log(`event channel down (${why}); retrying in ${ms} ms`),
    });
    this.stats = new StatsPoller({
      virsh,
      clock,
      domains: () =>
        new Map(inventory.values().map((r) => [r.view.name, { id: r.id, vcpus: r.view.vcpus }])),
      onStats: (s) => opts.onStats(s),
      wanted: () => opts.wantStats(),
    });
    virsh.onClose((e) => {
      if (!this.ended) opts.onBroken(e);
    });
  }

  /** virsh, the host's facts and every domain; rejects (HOST_ERROR…) when libvirt is not usable. */
  static async open(
    opts: HostSessionOptions,
  ): Promise<{ session: HostSession; records: Map<string, DomainRecord | null> }> {
    const virsh = await VirshSession.open(opts.link.client, {
      uri: opts.target.virshUri,
      hostName: opts.target.hostName,
    });
    try {
      const facts = await hostRead({ virsh });
      const { hostId, inventory } = opts;
      const records = await inventoryRead({ virsh, hostId, docs: inventory.docs });
      return { session: new HostSession(opts, virsh, facts), records };
    } catch (e) {
      virsh.close();
      throw e;
    }
  }

  get eventsSubscribed(): boolean {
    return this.events.subscribed;
  }

  /** Starts events and stats once the inventory is in place. */
  begin(): void {
    this.events.start();
    this.stats.start();
  }

  /** Re-reads one domain now and hands it to the inventory; null when it is gone. */
  async reread(id: string): Promise<DomainRecord | null> {
    const { hostId, inventory } = this.opts;
    const read = await domainRead({ virsh: this.virsh, hostId, ids: [id], docs: inventory.docs });
    const r = read.get(id);
    inventory.update(id, r ?? null);
    return r ?? null;
  }

  end(error: VirtdeskError): void {
    if (this.ended) return;
    this.ended = true;
    this.refresher.stop();
    this.events.stop();
    this.stats.stop();
    this.consoles.closeAll(error.message);
    this.virsh.abort(error);
    this.virsh.close();
  }

  private event(e: DomainEventLine): void {
    this.lastEventAt = this.opts.clock.now();
    const id = this.opts.inventory.idByName(e.name);
    this.refresher.request(id ?? 'all');
  }
}

export function sessionGone(hostName: string): VirtdeskError {
  return new VirtdeskError('DISCONNECTED', `${hostName} is not connected.`);
}

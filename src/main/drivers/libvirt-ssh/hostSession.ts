// Everything that exists while a host is connected, on its one transport: the virsh
// session for commands, the event channel, the stats ticker and the consoles. Opened in one go
// after the transport is up (virsh, host facts, full inventory), and ended in one go when the connection
// drops or the driver closes, failing whatever was in flight.
import { VirtdeskError } from '../../../shared/errors';
import { Listeners } from '../../../shared/listeners';
import type { Clock } from '../clock';
import { RemoteConsoles } from './console';
import { domainRead } from './domainRead';
import { DriftWatch } from './drift';
import type { DomainEventLine } from './eventLine';
import { EventStream } from './events';
import type { HostFacts } from './host';
import { hostRead } from './host';
import type { Inventory } from './inventory';
import { inventoryRead } from './inventory';
import { Refresher } from './refresher';
import type { StatsTick } from '../../../shared/model';
import { StatsPoller } from './stats';
import type { HostTarget } from './target';
import type { HostTransport } from './transport';
import { VirshSession } from './virsh';
import type { DomainRecord } from './vmRecord';

export interface HostSessionOptions {
  hostId: string;
  target: HostTarget;
  link: HostTransport;
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
  readonly transport: HostTransport;
  private readonly events: EventStream;
  private readonly stats: StatsPoller;
  private readonly refresher: Refresher;
  private ended = false;
  /** Every domain event as it arrives (a migration watches its domain's). */
  readonly domainEvents = new Listeners<DomainEventLine>('domain event');
  /** When the last event arrived (local clock), for tests and diagnostics. */
  lastEventAt: number | null = null;

  private constructor(
    private readonly opts: HostSessionOptions,
    readonly virsh: VirshSession,
    readonly facts: HostFacts,
  ) {
    const { link, target, clock, inventory, hostId } = opts;
    this.transport = link;
    this.consoles = new RemoteConsoles(link, target.virshUri);
    this.refresher = new Refresher(
      async (what) => {
        const { docs } = inventory;
        const known = (id: string) => inventory.get(id);
        const all = async () =>
          inventory.replace(await inventoryRead({ virsh, hostId, docs, known }));
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
      clock,
    );
    this.events = new EventStream({
      transport: link,
      virshUri: target.virshUri,
      clock,
      names: () => inventory.names(),
      onEvent: (e) => this.event(e),
      // Events may have been missed while nobody listened (libvirtd restarted): read everything.
      onSubscribed: () => this.refresher.request('all'),
      onDown: (why, ms) => opts.log(`event channel down (${why}); retrying in ${ms} ms`),
    });
    // A shut-off domain whose memory is not what its document says is read again.
    const drift = new DriftWatch(inventory, (id) => this.refresher.request(id));
    this.stats = new StatsPoller({
      virsh,
      clock,
      // Looked up in place: a Map of every domain built each tick cost ≈ 2 ms at 1,000 domains.
      domains: {
        get: (name) => {
          const id = inventory.idByName(name);
          const r = id === undefined ? undefined : inventory.get(id);
          return r && { id: r.id, vcpus: r.view.vcpus };
        },
      },
      onStats: (s) => opts.onStats(s),
      onInactive: (text) => drift.check(text),
      wanted: () => opts.wantStats(),
    });
    virsh.onClose((e) => {
      if (!this.ended) opts.onBroken(e);
    });
  }

  /**
   * virsh, the host's facts and every domain; rejects (HOST_ERROR…) when libvirt is not usable.
   * The facts and the inventory are asked for together, right behind virsh's own check, so a
   * connect waits for one round trip where it used to wait for three.
   */
  static async open(
    opts: HostSessionOptions,
  ): Promise<{ session: HostSession; records: Map<string, DomainRecord | null> }> {
    const { session: virsh, checked } = await VirshSession.start(opts.link, {
      uri: opts.target.virshUri,
      hostName: opts.target.hostName,
    });
    const { hostId, inventory } = opts;
    const factsRead = hostRead({ virsh });
    // After a reconnect the inventory still holds the last session's records: only what
    // changed meanwhile is fetched again.
    const recordsRead = inventoryRead({
      virsh,
      hostId,
      docs: inventory.docs,
      known: (id) => inventory.get(id),
    });
    // Awaited in turn below; when the check fails, these fail with it and its error is the one.
    factsRead.catch(() => {});
    recordsRead.catch(() => {});
    try {
      await checked;
      const facts = await factsRead;
      const records = await recordsRead;
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
    this.domainEvents.emit(e);
    if (!changesDomain(e.type)) return;
    const id = this.opts.inventory.idByName(e.name);
    this.refresher.request(id ?? 'all');
  }
}

/**
 * The events after which a domain is read again: the ones that change what the inventory holds
 * (state, definition, devices, metadata, tunables, the end of a job such as a migration or block
 * copy, media and balloon changes). The others (rtc-change, watchdog, io-error, graphics,
 * agent-lifecycle, migration-iteration, block-threshold…) change nothing shown from the XML.
 */
const REREAD_EVENTS: ReadonlySet<string> = new Set([
  'lifecycle',
  'device-added',
  'device-removed',
  'metadata-change',
  'tunable',
  'job-completed',
  'block-job',
  'block-job-2',
  'disk-change',
  'tray-change',
  'balloon-change',
]);

export function changesDomain(eventType: string): boolean {
  return REREAD_EVENTS.has(eventType);
}

export function sessionGone(hostName: string): VirtdeskError {
  return new VirtdeskError('DISCONNECTED', `${hostName} is not connected.`);
}

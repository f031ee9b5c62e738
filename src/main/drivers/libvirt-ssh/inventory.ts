// The domains of one host as last read, and the events their changes mean. Every read (a full
// resync after connecting, one domain after a libvirt event or a command) goes through here, so a
// change is announced exactly once however many paths notice it, and nothing is announced when a
// re-read finds the domain as it was.
import type { DriverEvent } from '../driver';
import { DocCache } from './docCache';
import type { Virsh } from './domain';
import { domainDocsRead, domainRead } from './domainRead';
import { domainScan } from './domainScan';
import { docsStale } from './drift';
import type { DomainRecord, RuntimeFacts } from './vmRecord';
import { makeRecord } from './vmRecord';

export class Inventory {
  private readonly records = new Map<string, DomainRecord>();
  private readonly shown = new Map<string, string>();
  /** name → id: every stats tick and event looks domains up by name (libvirt names are unique). */
  private readonly byName = new Map<string, string>();
  /** The parsed documents behind the records, reused while their text stays the same. */
  readonly docs = new DocCache();
  private updates = 0;

  constructor(
    private readonly hostId: string,
    private readonly emit: (event: DriverEvent) => void,
  ) {}

  get(id: string): DomainRecord | undefined {
    return this.records.get(id);
  }

  values(): DomainRecord[] {
    return [...this.records.values()];
  }

  names(): string[] {
    return this.values().map((r) => r.view.name);
  }

  /** Moves with every update (a record set or removed, changed or not): drift.ts skips by it. */
  get generation(): number {
    return this.updates;
  }

  idByName(name: string): string | undefined {
    return this.byName.get(name);
  }

  /** One domain as just read; null when it no longer exists. */
  update(id: string, record: DomainRecord | null): void {
    this.updates++;
    const old = this.records.get(id);
    if (old && this.byName.get(old.view.name) === id) this.byName.delete(old.view.name);
    if (record === null) {
      if (!this.records.delete(id)) return;
      this.shown.delete(id);
      this.emit({ type: 'vm-removed', hostId: this.hostId, vmId: id });
      return;
    }
    this.records.set(id, record);
    this.byName.set(record.view.name, id);
    const text = JSON.stringify(record.view);
    if (this.shown.get(id) === text) return;
    this.shown.set(id, text);
    this.emit({ type: 'vm-changed', vm: structuredClone(record.view) });
  }

  /** A complete read of the host: domains not in it are gone. */
  replace(records: ReadonlyMap<string, DomainRecord | null>): void {
    for (const id of [...this.records.keys()]) if (!records.has(id)) this.update(id, null);
    for (const [id, r] of records) this.update(id, r);
  }
}

/**
 * Every domain of the host in two round trips: the host-wide lists and domstats (domainScan.ts),
 * then the documents of the domains that need them, all at once. With `known` (the records
 * already held: a resync, a reconnect) a domain whose cheap facts say its documents cannot have
 * changed (drift.ts) keeps them, so a host where nothing changed costs the scan alone. A domain
 * the lists did not agree on (defined, renamed or undefined while they ran) is read on its own in
 * a third. Documents are parsed only when their text changed since `docs` last saw them.
 */
export async function inventoryRead({
  virsh,
  hostId,
  docs = new DocCache(),
  known = () => undefined,
}: {
  virsh: Virsh;
  hostId: string;
  docs?: DocCache;
  known?: (id: string) => DomainRecord | undefined;
}): Promise<Map<string, DomainRecord | null>> {
  const { ids, facts, blocks } = await domainScan({ virsh });
  const kept = new Map<string, DomainRecord>();
  const fetch = new Map<string, RuntimeFacts>();
  for (const [id, f] of facts) {
    const old = known(id);
    const block = blocks.get(id);
    if (old && block && !docsStale(old, f, block)) {
      const { view: _view, ...docsOf } = old;
      kept.set(id, makeRecord(hostId, { ...docsOf, ...f }));
    } else fetch.set(id, f);
  }
  const records: Map<string, DomainRecord | null> = new Map(kept);
  for (const [id, r] of await domainDocsRead({ virsh, hostId, facts: fetch, docs })) {
    records.set(id, r);
  }
  const unsure = ids.filter((id) => !facts.has(id));
  if (unsure.length > 0) {
    for (const [id, r] of await domainRead({ virsh, hostId, ids: unsure, docs })) {
      records.set(id, r);
    }
  }
  docs.retain(new Set(ids));
  return records;
}

// The parsed documents of each domain with the exact text virsh printed for them, so re-reading a
// domain whose XML did not change parses nothing (a warm re-inventory of 200 domains would
// otherwise spend most of its local time in the XML parser). Documents are immutable, so one can
// back any number of records. At most two entries per domain (persistent and live), dropped when
// a read finds the domain gone.
import type { DomainDoc } from '../common/domainDoc';
import { parseDomainDoc } from '../common/domainDoc';

export type DocSlot = 'config' | 'live';

export class DocCache {
  private readonly entries = new Map<string, { text: string; doc: DomainDoc }>();
  /** Documents parsed (not found in the cache), for tests and diagnostics. */
  parsed = 0;

  constructor(private readonly parse: (text: string) => DomainDoc = defaultParse) {}

  /** The document `text` of domain `id`; throws what the parser throws for a bad one. */
  get(id: string, slot: DocSlot, text: string): DomainDoc {
    const key = `${slot} ${id}`;
    const hit = this.entries.get(key);
    if (hit && hit.text === text) return hit.doc;
    const doc = this.parse(text);
    this.parsed++;
    this.entries.set(key, { text, doc });
    return doc;
  }

  /** Drops what is kept for domains not in `ids` (after a complete read of the host). */
  retain(ids: ReadonlySet<string>): void {
    for (const key of [...this.entries.keys()]) {
      if (!ids.has(key.slice(key.indexOf(' ') + 1))) this.entries.delete(key);
    }
  }

  /** Drops what is kept for one domain (it is gone, or shut off for `live`). */
  forget(id: string, slot?: DocSlot): void {
    if (slot !== 'live') this.entries.delete(`config ${id}`);
    if (slot !== 'config') this.entries.delete(`live ${id}`);
  }

  get size(): number {
    return this.entries.size;
  }
}

function defaultParse(text: string): DomainDoc {
  return parseDomainDoc(text).doc;
}

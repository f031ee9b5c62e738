// Whether a domain's cached documents may be out of date, judged from the cheap facts a
// host-wide `domstats` prints anyway. libvirt sends no event for some config-only changes
// (`setmem --config` on a shut-off domain, checked on the testbed), and none at all reaches a
// client that was disconnected; these facts catch what the events cannot, without a dumpxml.
// When in doubt the answer is "stale": a needless re-read costs one round trip, a missed one
// shows the user a wrong VM.
import type { DomstatsBlock } from './domstats';
import { parseDomstats } from './domstats';
import type { DomainRecord, RuntimeFacts } from './vmRecord';
import { isActive } from '../../../shared/lifecycle';

function num(block: DomstatsBlock, key: string): number | null {
  const v = block.get(key);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

/**
 * True when the documents must be fetched again: the domain started or stopped (the live document
 * appears or goes), became persistent or transient, its disk targets differ from the document's,
 * or (shut off, so domstats reports the configuration) its memory sizes differ.
 */
export function docsStale(
  record: DomainRecord,
  facts: RuntimeFacts,
  block: DomstatsBlock,
): boolean {
  if (isActive(record.state) !== isActive(facts.state)) return true;
  if (record.persistent !== facts.persistent) return true;
  const doc = record.live ?? record.config;
  const count = num(block, 'block.count');
  if (count !== null) {
    const targets = new Set<string>();
    for (let i = 0; i < count; i++) targets.add(block.get(`block.${i}.name`) ?? '');
    const known = new Set(doc.facts.disks.map((d) => d.target));
    if (targets.size !== known.size || [...targets].some((t) => !known.has(t))) return true;
  }
  return configDrifted(record, block);
}

/** Only what the stats tick knows (state and balloon, no disks): a shut-off domain's memory. */
export function configDrifted(record: DomainRecord, block: DomstatsBlock): boolean {
  if (isActive(record.state)) return false;
  const { memoryKiB, currentMemoryKiB } = record.config.facts;
  const max = num(block, 'balloon.maximum');
  const current = num(block, 'balloon.current');
  return (
    (max !== null && max !== memoryKiB) ||
    (current !== null && current !== (currentMemoryKiB ?? memoryKiB))
  );
}

/** The records a drift check compares against, and a count that moves whenever one changes. */
export interface DriftRecords {
  readonly generation: number;
  idByName(name: string): string | undefined;
  get(id: string): DomainRecord | undefined;
}

/**
 * The stats ticks' drift check: every few ticks the shut-off domains' `domstats --balloon`
 * reply, and each domain whose memory is not what its document says is read again. On an idle
 * host that reply is the same text tick after tick and no record changed in between, so the
 * outcome would be last time's (whose re-reads, if any, changed records): it is not worked out
 * again. At 1,000 domains that leaves a tick one string comparison.
 */
export class DriftWatch {
  private last: { text: string; generation: number } | null = null;

  constructor(
    private readonly records: DriftRecords,
    private readonly onStale: (id: string) => void,
  ) {}

  /** Checks one reply; false when it was skipped as the same as last time's. */
  check(text: string): boolean {
    const { generation } = this.records;
    if (this.last && this.last.text === text && this.last.generation === generation) return false;
    this.last = { text, generation };
    for (const [name, block] of parseDomstats(text)) {
      const id = this.records.idByName(name);
      const record = id === undefined ? undefined : this.records.get(id);
      if (record && configDrifted(record, block)) this.onStale(record.id);
    }
    return true;
  }
}

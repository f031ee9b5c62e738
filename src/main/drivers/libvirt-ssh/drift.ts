// Whether a domain's cached documents may be out of date, judged from the cheap facts a
// host-wide `domstats` prints anyway. libvirt sends no event for some config-only changes
// (`setmem --config` on a shut-off domain, checked on the testbed), and none at all reaches a
// client that was disconnected; these facts catch what the events cannot, without a dumpxml.
// When in doubt the answer is "stale": a needless re-read costs one round trip, a missed one
// shows the user a wrong VM.
import type { DomstatsBlock } from './domstats';
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

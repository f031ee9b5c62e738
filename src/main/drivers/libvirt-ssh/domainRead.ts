// Reading domains into records, one round trip per read however many domains it covers. A full
// inventory knows each domain's runtime facts already (domainScan.ts) and only fetches documents:
// `dumpxml --inactive` for every domain and `dumpxml` for the active ones. A read of a few
// domains (after an event or a command) asks for everything per domain instead: dominfo (state,
// persistent, autostart), `domstats --block` (capacities) and both documents, which for a handful
// of domains is cheaper than the host-wide lists.
import type { VirshResult } from './virsh';
import { virshLine } from './quote';
import type { Virsh } from './domain';
import { DocCache } from './docCache';
import { domstatsCapacities, parseDomstats } from './domstats';
import type { DomainRecord, RuntimeFacts } from './vmRecord';
import { isActiveState, makeRecord, parseInfo, parseState } from './vmRecord';

const dom = (id: string) => ['--domain', id] as const;

/** Whether a reply says the domain exists; throws any other failure. */
function found(r: VirshResult | undefined): r is { ok: true; stdout: string } {
  if (!r) return false;
  if (r.ok) return true;
  if (r.error.code === 'NOT_FOUND') return false;
  throw r.error;
}

/**
 * A record from the facts and the replies to `dumpxml --inactive` and (when asked) `dumpxml`;
 * null when the domain is gone. The live document is parsed only while the domain is active: a
 * shut-off domain's "live" XML is its persistent one.
 */
function recordOf(
  hostId: string,
  id: string,
  facts: RuntimeFacts,
  config: VirshResult | undefined,
  live: VirshResult | undefined,
  docs: DocCache,
): DomainRecord | null {
  if (!found(config)) {
    docs.forget(id);
    return null;
  }
  const configDoc = docs.get(id, 'config', config.stdout);
  let liveDoc = null;
  if (!isActiveState(facts.state)) docs.forget(id, 'live');
  else liveDoc = live?.ok ? docs.get(id, 'live', live.stdout) : configDoc;
  return makeRecord(hostId, { id, ...facts, config: configDoc, live: liveDoc });
}

/**
 * The records of domains whose runtime facts are known (a full inventory): one `dumpxml
 * --inactive` each, and a `dumpxml` for the active ones. A domain that no longer exists maps to
 * null.
 */
export async function domainDocsRead({
  virsh,
  hostId,
  facts,
  docs = new DocCache(),
}: {
  virsh: Virsh;
  hostId: string;
  facts: ReadonlyMap<string, RuntimeFacts>;
  docs?: DocCache;
}): Promise<Map<string, DomainRecord | null>> {
  const lines: string[] = [];
  const plan: { id: string; facts: RuntimeFacts; at: number; wantLive: boolean }[] = [];
  for (const [id, f] of facts) {
    const wantLive = isActiveState(f.state);
    plan.push({ id, facts: f, at: lines.length, wantLive });
    lines.push(virshLine('dumpxml', dom(id), '--inactive'));
    if (wantLive) lines.push(virshLine('dumpxml', dom(id)));
  }
  const results = await virsh.batch(lines);
  const out = new Map<string, DomainRecord | null>();
  for (const { id, facts: f, at, wantLive } of plan) {
    const live = wantLive ? results[at + 1] : undefined;
    out.set(id, recordOf(hostId, id, f, results[at], live, docs));
  }
  return out;
}

/**
 * Reads domains from scratch in one round trip: dominfo, both XML documents and disk
 * capacities of each. A domain that no longer exists maps to null.
 */
export async function domainRead({
  virsh,
  hostId,
  ids,
  docs = new DocCache(),
}: {
  virsh: Virsh;
  hostId: string;
  ids: readonly string[];
  docs?: DocCache;
}): Promise<Map<string, DomainRecord | null>> {
  const lines = ids.flatMap((id) => [
    virshLine('dominfo', dom(id)),
    virshLine('domstats', '--raw', '--block', dom(id)),
    virshLine('dumpxml', dom(id), '--inactive'),
    virshLine('dumpxml', dom(id)),
  ]);
  const results = await virsh.batch(lines);
  const out = new Map<string, DomainRecord | null>();
  ids.forEach((id, n) => {
    const [info, stats, config, live] = results.slice(n * 4, n * 4 + 4);
    if (!found(info)) {
      docs.forget(id);
      out.set(id, null);
      return;
    }
    const facts = parseInfo(info.stdout);
    // One domain asked for, so the one block in the reply is its own whatever its name.
    const block = stats?.ok ? [...parseDomstats(stats.stdout).values()][0] : undefined;
    const runtime: RuntimeFacts = {
      state: parseState(facts.get('State') ?? '') ?? 'shutoff',
      persistent: facts.get('Persistent') !== 'no',
      autostart: facts.get('Autostart') === 'enable',
      capacities: block ? domstatsCapacities(block) : new Map(),
    };
    out.set(id, recordOf(hostId, id, runtime, config, live, docs));
  });
  return out;
}

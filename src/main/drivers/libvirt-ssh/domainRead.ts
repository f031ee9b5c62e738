// Reading domains into records, one round trip per read however many domains it covers. A full
// inventory knows each domain's runtime facts already (domainScan.ts) and only fetches documents:
// `dumpxml --inactive` for every domain and `dumpxml` for the active ones. A read of a few
// domains (after an event or a command) asks for everything per domain instead: dominfo (state,
// persistent, autostart), `domstats --block` (capacities) and both documents, which for a handful
// of domains is cheaper than the host-wide lists.
import { isActive } from '../../../shared/lifecycle';
import type { VirshResult } from './virsh';
import { virshLine } from './quote';
import type { Virsh } from './domain';
import { DocCache } from './docCache';
import { domstatsCapacities, parseDomstats } from './domstats';
import type { DomainRecord, RuntimeFacts } from './vmRecord';
import { makeRecord, parseInfo, parseState } from './vmRecord';

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
  if (!isActive(facts.state)) docs.forget(id, 'live');
  else liveDoc = live?.ok ? docs.get(id, 'live', live.stdout) : configDoc;
  return makeRecord(hostId, { id, ...facts, config: configDoc, live: liveDoc });
}

/** Domains per batch of documents: see domainDocsRead. */
export const DOCS_CHUNK = 25;

/**
 * The records of domains whose runtime facts are known (a full inventory): one `dumpxml
 * --inactive` each, and a `dumpxml` for the active ones. A domain that no longer exists maps to
 * null. The commands are written at once, as one round trip, but in batches of DOCS_CHUNK
 * domains: the documents of one batch are parsed while virsh is still working on the next ones.
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
  const chunks: { id: string; facts: RuntimeFacts; wantLive: boolean }[][] = [];
  for (const [id, f] of facts) {
    if (chunks.length === 0 || chunks.at(-1)!.length >= DOCS_CHUNK) chunks.push([]);
    chunks.at(-1)!.push({ id, facts: f, wantLive: isActive(f.state) });
  }
  const pending = chunks.map((chunk) =>
    virsh.batch(
      chunk.flatMap(({ id, wantLive }) => [
        virshLine('dumpxml', dom(id), '--inactive'),
        ...(wantLive ? [virshLine('dumpxml', dom(id))] : []),
      ]),
    ),
  );
  // Each is awaited in turn below; one failing (the session ended) fails the others too.
  for (const p of pending) p.catch(() => {});
  const out = new Map<string, DomainRecord | null>();
  for (const [n, chunk] of chunks.entries()) {
    const results = await pending[n]!;
    let at = 0;
    for (const { id, facts: f, wantLive } of chunk) {
      const live = wantLive ? results[at + 1] : undefined;
      out.set(id, recordOf(hostId, id, f, results[at], live, docs));
      at += wantLive ? 2 : 1;
    }
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

// One remote domain as virtdesk keeps it between events: its persistent and live XML documents
// (read once, when fetched), the runtime facts virsh reports beside them, and the Vm the UI sees,
// derived once. The XML-to-model mapping is the simulated driver's (domainDoc.ts), so both
// drivers describe a domain identically.
import type { Vm, VmState } from '../../../shared/model';
import type { DomainDoc, DomainFacts } from '../common/domainDoc';

/** What virsh reports beside the documents. */
export interface RuntimeFacts {
  state: VmState;
  persistent: boolean;
  autostart: boolean;
  /** Disk capacities by target (vda…), from `domstats --block`; a disk without one is absent. */
  capacities: ReadonlyMap<string, number>;
}

export interface DomainRecord extends RuntimeFacts {
  id: string;
  /** `dumpxml --inactive`: what the next boot uses. */
  config: DomainDoc;
  /** `dumpxml` while active; null when shut off. */
  live: DomainDoc | null;
  view: Vm;
}

const STATES: Record<string, VmState> = {
  running: 'running',
  idle: 'blocked',
  blocked: 'blocked',
  paused: 'paused',
  'in shutdown': 'shutdown',
  'shut off': 'shutoff',
  crashed: 'crashed',
  pmsuspended: 'pmsuspended',
  // "no state" is what libvirt reports while it cannot tell; the domain exists and is active.
  'no state': 'running',
};

/** A state as `virsh domstate`/`dominfo` print it (LC_ALL=C). */
export function parseState(text: string): VmState | null {
  return STATES[text.trim().toLowerCase()] ?? null;
}

/** `Key:   value` lines of `virsh dominfo`. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z][A-Za-z ()]*?):\s*(.*)$/.exec(line.trim());
    if (m) out.set(m[1] ?? '', (m[2] ?? '').trim());
  }
  return out;
}

/** The parts of a definition the UI shows; the live XML always differs in runtime details
 * (aliases, pty paths, an expanded <cpu>), so pending changes are judged on these. */
function shownFacts(f: DomainFacts): string {
  return JSON.stringify([f.name, f.title, f.description, f.vcpus, f.memoryKiB, f.disks, f.nics]);
}

export function makeRecord(hostId: string, r: Omit<DomainRecord, 'view'>): DomainRecord {
  const f = (r.live ?? r.config).facts;
  const pendingChanges =
    r.live !== null && r.persistent && shownFacts(r.config.facts) !== shownFacts(r.live.facts);
  const view: Vm = {
    hostId,
    id: r.id,
    name: f.name,
    title: f.title,
    description: f.description,
    state: r.state,
    guest: null,
    // vCPUs online (`virsh dominfo`'s CPU(s)), as the simulated hosts count them: `setvcpus
    // --live` changes it on a running VM.
    vcpus: f.currentVcpus ?? f.vcpus ?? 1,
    memoryKiB: f.memoryKiB ?? 0,
    persistent: r.persistent,
    autostart: r.autostart,
    disks: f.disks.map((d) => ({ ...d, capacityBytes: r.capacities.get(d.target) ?? null })),
    nics: f.nics.map((n) => ({ ...n })),
    pendingChanges,
  };
  return { ...r, view };
}

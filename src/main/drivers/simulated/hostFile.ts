// The on-disk form of one simulated host, and its check. A VM is saved as the libvirt XML it is
// (persistent and live definitions) plus the runtime state libvirt keeps beside it. A file that
// fails the check is treated as corrupt (moved aside and reported), so the check is strict enough
// that a host never starts from half-understood data, and says what was wrong.
import { isActive } from '../../../shared/lifecycle';
import type { GuestPhase, VmState } from '../../../shared/model';
import { VM_STATES } from '../../../shared/model';
import type { DomainDoc } from '../common/domainDoc';
import { normalizeUuid, parseDomainDoc, sameDefinition } from '../common/domainDoc';
import type { Rec } from './fileShape';
import { ShapeError, array, bool, count, oneOf, record, str, unique } from './fileShape';
import { HOST_FILE_V1, upgradeV1 } from './hostFileV1';
import type { SimVmState } from './simVm';
import type { SavedSnapshots } from './snapshotFile';
import { loadSnapshots, savedSnapshots } from './snapshotFile';
import type { VmSnapshots } from './snapshotRecord';
import type { SimPool } from './storage/records';
import type { SavedStorage } from './storage/storageFile';
import { loadStorage } from './storage/storageFile';
import type { SavedNetwork } from './networks/networkFile';
import { loadNetworks } from './networks/networkFile';
import type { SavedHugepages } from './tuning/simTuning';

export const HOST_FILE_VERSION = 2;

export interface SavedVm {
  id: string;
  state: VmState;
  guest: GuestPhase;
  autostart: boolean;
  /** `virsh dumpxml --inactive`. */
  config: string;
  /** `virsh dumpxml` while active; null when shut off. */
  live: string | null;
  /** Absent for a VM without snapshots (and in files written before snapshots existed). */
  snapshots?: SavedSnapshots;
}

/** A disk image the host holds; the domain XML names it by path but does not know its size. */
export interface SavedVolume {
  path: string;
  capacityBytes: number;
}

/** What is written. */
export interface SimHostFile {
  version: typeof HOST_FILE_VERSION;
  hostId: string;
  name: string;
  volumes: SavedVolume[];
  vms: SavedVm[];
  /** Storage pools with their volumes; absent in files from before pools existed. */
  storage?: SavedStorage;
  /** Virtual networks; absent in files from before networks existed (they are seeded then). */
  networks?: SavedNetwork[];
  /** Hugepage pool totals per node and size; absent: the profile's. */
  hugepages?: SavedHugepages[];
}

/** What was read: documents parsed, facts derived, older versions upgraded. */
export interface LoadedHost {
  hostId: string;
  name: string;
  volumes: Map<string, number>;
  vms: SimVmState[];
  /** VM id → its snapshots. */
  snapshots?: Map<string, VmSnapshots>;
  /** The saved pools; undefined when the file has none (they are seeded then). */
  storage?: SimPool[];
  /** The saved networks; undefined when the file has none (they are seeded then). */
  networks?: SavedNetwork[];
  hugepages?: SavedHugepages[];
  /** The version the file had when older than HOST_FILE_VERSION; it is rewritten on load. */
  upgradedFrom: number | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function domain(text: string, id: string, path: string): ReturnType<typeof parseDomainDoc> {
  let parsed;
  try {
    parsed = parseDomainDoc(text);
  } catch (e) {
    throw new ShapeError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { uuid, name } = parsed.doc.facts;
  if (uuid === undefined || normalizeUuid(uuid) !== normalizeUuid(id))
    throw new ShapeError(`${path} has uuid ${String(uuid)}, not the VM's id ${id}`);
  if (name === '') throw new ShapeError(`${path} has no <name>`);
  return parsed;
}

function vm(v: unknown, path: string): SimVmState {
  const o = record(v, path);
  const id = str(o, 'id', path);
  if (!UUID_RE.test(id)) throw new ShapeError(`${path}.id is not a lower-case UUID`);
  const state = oneOf(o, 'state', path, VM_STATES);
  const configText = str(o, 'config', path);
  const { tree, doc: config } = domain(configText, id, `${path}.config`);
  let live: DomainDoc | null = null;
  // A live definition is kept only while active; an identical one is the same document.
  if (isActive(state) && o.live !== null) {
    const liveText = str(o, 'live', path);
    live = liveText === configText ? config : domain(liveText, id, `${path}.live`).doc;
  } else if (isActive(state)) {
    live = config;
  } else if (o.live !== null && typeof o.live !== 'string') {
    throw new ShapeError(`${path}.live is not a string or null`);
  }
  return {
    id,
    state,
    guest: o.guest === null ? null : oneOf(o, 'guest', path, ['booting', 'up'] as const),
    autostart: bool(o, 'autostart', path),
    config,
    live,
    pendingChanges: live !== null && !sameDefinition(config, live, tree),
  };
}

function volume(v: unknown, path: string): SavedVolume {
  const o = record(v, path);
  const p = str(o, 'path', path);
  if (p === '') throw new ShapeError(`${path}.path is empty`);
  return { path: p, capacityBytes: count(o, 'capacityBytes', path, 0) };
}

function current(o: Rec): Pick<LoadedHost, 'vms' | 'volumes' | 'snapshots'> {
  const saved = array(o, 'volumes', 'the file').map((v, i) => volume(v, `volumes[${i}]`));
  unique(saved, (v) => v.path, 'Volume');
  const rawVms = array(o, 'vms', 'the file');
  const vms = rawVms.map((v, i) => vm(v, `vms[${i}]`));
  const snapshots = new Map(
    vms.map((v, i) => [
      v.id,
      loadSnapshots(record(rawVms[i], `vms[${i}]`), `vms[${i}]`, v.id, v.config.facts.name),
    ]),
  );
  return { vms, volumes: new Map(saved.map((v) => [v.path, v.capacityBytes])), snapshots };
}

/** Checks parsed JSON; throws an Error whose message says what is wrong. Unknown keys are dropped. */
export function parseSimHostFile(raw: unknown, hostId: string): LoadedHost {
  const o = record(raw, 'the file');
  if (o.version !== HOST_FILE_VERSION && o.version !== HOST_FILE_V1)
    throw new ShapeError(
      `version is ${String(JSON.stringify(o.version)).slice(0, 40)}, expected ${HOST_FILE_VERSION}`,
    );
  const fileHost = str(o, 'hostId', 'the file');
  if (fileHost !== hostId) throw new ShapeError(`it belongs to host ${fileHost}, not ${hostId}`);
  const name = str(o, 'name', 'the file');
  const upgraded = o.version === HOST_FILE_V1;
  const { vms, volumes, snapshots } = upgraded
    ? { ...upgradeV1(o, hostId), snapshots: undefined }
    : current(o);
  unique(vms, (v) => v.id, 'VM id');
  unique(vms, (v) => v.config.facts.name, 'VM name');
  const storage = loadStorage(o);
  const networks = loadNetworks(o);
  const hugepages = loadHugepages(o);
  return {
    hostId,
    name,
    volumes,
    vms,
    snapshots,
    storage,
    networks,
    hugepages,
    upgradedFrom: upgraded ? HOST_FILE_V1 : null,
  };
}

/** The file form of a host's current state. */
export function hostFileOf(
  hostId: string,
  name: string,
  volumes: ReadonlyMap<string, number>,
  vms: Iterable<SimVmState>,
  snapshotsOf?: (vmId: string) => VmSnapshots | undefined,
): SimHostFile {
  return {
    version: HOST_FILE_VERSION,
    hostId,
    name,
    volumes: [...volumes].map(([path, capacityBytes]) => ({ path, capacityBytes })),
    vms: [...vms].map((v) => ({
      id: v.id,
      state: v.state,
      guest: v.guest,
      autostart: v.autostart,
      config: v.config.text,
      live: v.live === null ? null : v.live.text,
      ...withSnapshots(savedSnapshots(snapshotsOf?.(v.id))),
    })),
  };
}

function withSnapshots(saved: SavedSnapshots | undefined): { snapshots?: SavedSnapshots } {
  return saved === undefined ? {} : { snapshots: saved };
}

/** The file's hugepage pool totals, or undefined when it has none. */
function loadHugepages(o: Rec): SavedHugepages[] | undefined {
  if (o.hugepages === undefined) return undefined;
  return array(o, 'hugepages', 'the file').map((raw, i) => {
    const at = `hugepages[${i}]`;
    const h = record(raw, at);
    return {
      node: count(h, 'node', at, 0),
      sizeKiB: count(h, 'sizeKiB', at, 1),
      total: count(h, 'total', at, 0),
    };
  });
}

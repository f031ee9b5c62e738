// The storage part of a simulated host's file: each pool as the XML libvirt keeps for it, its
// state and autostart flag, and its volumes' XML. Optional in the file: a file written before
// pools existed has none, and its host starts with the seeded pools (its images join `default`).
// A pool or volume that does not parse is a corrupt file, reported with the path at fault.
import { ShapeError, array, bool, oneOf, record, str, unique } from '../fileShape';
import type { SimPool, SimVolume } from './records';
import { makePool, volumeFromXml } from './records';

export interface SavedPool {
  /** `virsh pool-dumpxml`. */
  xml: string;
  state: 'active' | 'inactive';
  autostart: boolean;
  /** `virsh vol-dumpxml` of each volume. */
  volumes: string[];
}

export interface SavedStorage {
  pools: SavedPool[];
}

export function savedStorage(pools: Iterable<SimPool>): SavedStorage {
  return {
    pools: [...pools].map((p) => ({
      xml: p.xml,
      state: p.state,
      autostart: p.autostart,
      volumes: [...p.volumes.values()].map((v) => v.xml),
    })),
  };
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function pool(raw: unknown, path: string): SimPool {
  const o = record(raw, path);
  const volumes = array(o, 'volumes', path).map((v, i): SimVolume => {
    const at = `${path}.volumes[${i}]`;
    if (typeof v !== 'string') throw new ShapeError(`${at} is not a string`);
    try {
      return volumeFromXml(v);
    } catch (e) {
      throw new ShapeError(`${at}: ${why(e)}`);
    }
  });
  unique(volumes, (v) => v.name, `${path}: volume`);
  const state = oneOf(o, 'state', path, ['active', 'inactive'] as const);
  const autostart = bool(o, 'autostart', path);
  const xml = str(o, 'xml', path);
  try {
    return makePool(xml, state, autostart, new Map(volumes.map((v) => [v.name, v])));
  } catch (e) {
    throw new ShapeError(`${path}.xml: ${why(e)}`);
  }
}

/** The file's `storage`, or undefined when the file has none. */
export function loadStorage(o: Record<string, unknown>): SimPool[] | undefined {
  if (o.storage === undefined) return undefined;
  const s = record(o.storage, 'storage');
  const pools = array(s, 'pools', 'storage').map((p, i) => pool(p, `storage.pools[${i}]`));
  unique(pools, (p) => p.name, 'Pool');
  unique(
    pools.flatMap((p) => [...p.volumes.values()]),
    (v) => v.path,
    'Volume path',
  );
  return pools;
}

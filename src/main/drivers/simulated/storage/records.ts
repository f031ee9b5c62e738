// One simulated storage pool and its volumes, kept as libvirt keeps them: the pool's XML (what
// `virsh pool-dumpxml` prints) and each volume's XML (`virsh vol-dumpxml`). Records are immutable
// and carry the facts read from their XML once, when made, so listing costs no parsing. Sizes are
// bytes; XML read back may use any libvirt unit (toBytes reads them all).
import { createHash } from 'node:crypto';
import type { PoolView, XmlDocument, XmlElement } from '../../../../shared/libvirt-xml';
import {
  parseXml,
  readPool,
  readVolume,
  serializeXml,
  setAttr,
  setChildText,
} from '../../../../shared/libvirt-xml';
import { documentOf, el } from '../../../../shared/libvirt-xml/build';
import type { PoolSource, PoolSpec, PoolType } from '../../../../shared/model';
import { poolSpecDocument } from '../../../../shared/storageXml';

export const POOL_TYPES: readonly PoolType[] = [
  'dir',
  'fs',
  'netfs',
  'logical',
  'disk',
  'iscsi',
  'iscsi-direct',
  'scsi',
  'mpath',
  'rbd',
  'sheepdog',
  'gluster',
  'zfs',
  'vstorage',
];

/** Pools whose volumes are files in the target directory. */
export const FILE_POOLS: readonly string[] = ['dir', 'fs', 'netfs'];

export interface SimVolume {
  readonly name: string;
  readonly key: string;
  /** What a domain's <disk> names: file, block device, or pool/image for RBD. */
  readonly path: string;
  readonly format: string;
  readonly capacityBytes: number;
  readonly allocationBytes: number;
  readonly xml: string;
}

export interface SimPool {
  readonly name: string;
  readonly uuid: string;
  readonly type: PoolType;
  readonly view: PoolView;
  /** Size of what backs the pool (file system, volume group, cluster): its <capacity>. */
  readonly capacityBytes: number;
  /** Sum of the volumes' allocations. */
  readonly allocationBytes: number;
  readonly state: 'active' | 'inactive';
  readonly autostart: boolean;
  readonly volumes: ReadonlyMap<string, SimVolume>;
  /** pool-dumpxml, with allocation and available as of this record. */
  readonly xml: string;
}

export class RecordError extends Error {}

/** A stable UUID from a seed, so a fresh host's pools are the same on every run. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const bytesEl = (name: string, n: number) => el(name, { unit: 'bytes' }, String(n));

function setBytes(root: XmlElement, name: string, n: number, after: readonly string[]): void {
  setAttr(setChildText(root, name, String(n), { after }), 'unit', 'bytes');
}

export function volumeFromXml(xml: string): SimVolume {
  const doc = parseXml(xml, { root: 'volume' });
  const v = readVolume(doc);
  if (!v.name) throw new RecordError('a volume has no <name>');
  if (!v.targetPath) throw new RecordError(`volume ${v.name} has no <target><path>`);
  if (v.capacityBytes === undefined)
    throw new RecordError(`volume ${v.name} has no <capacity> libvirt could read`);
  return {
    name: v.name,
    key: v.key ?? v.targetPath,
    path: v.targetPath,
    format: v.format ?? 'raw',
    capacityBytes: v.capacityBytes,
    allocationBytes: v.allocationBytes ?? v.capacityBytes,
    xml,
  };
}

/** An LVM logical volume's UUID as `lvs -o lv_uuid` prints it (the key libvirt reports). */
function lvUuid(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const h = createHash('sha256').update(seed).digest();
  const chars = [...h.subarray(0, 32)].map((b) => alphabet.charAt(b % alphabet.length)).join('');
  return [6, 4, 4, 4, 4, 4, 6]
    .reduce<{ at: number; parts: string[] }>(
      (acc, n) => ({ at: acc.at + n, parts: [...acc.parts, chars.slice(acc.at, acc.at + n)] }),
      { at: 0, parts: [] },
    )
    .parts.join('-');
}

/** Where a volume of this name lives in the pool, and libvirt's kind of volume there. */
export function volumePlace(pool: SimPool, name: string): { path: string; kind: string } {
  if (pool.type === 'rbd')
    return { path: `${pool.view.sourceName ?? pool.name}/${name}`, kind: 'network' };
  const dir = pool.view.targetPath ?? `/dev/${pool.view.sourceName ?? pool.name}`;
  return { path: `${dir}/${name}`, kind: FILE_POOLS.includes(pool.type) ? 'file' : 'block' };
}

/** A new volume's XML, as vol-dumpxml prints one libvirt just created. */
export function newVolume(
  pool: SimPool,
  v: { name: string; format: string; capacityBytes: number; allocationBytes: number },
): SimVolume {
  const { path, kind } = volumePlace(pool, v.name);
  const key = kind === 'block' ? lvUuid(`${pool.uuid}/${v.name}`) : path;
  const perms =
    kind === 'network'
      ? undefined
      : el(
          'permissions',
          {},
          el('mode', {}, kind === 'block' ? '0660' : '0600'),
          el('owner', {}, '0'),
          el('group', {}, kind === 'block' ? '6' : '0'),
        );
  const doc = documentOf(
    el(
      'volume',
      { type: kind },
      el('name', {}, v.name),
      el('key', {}, key),
      bytesEl('capacity', v.capacityBytes),
      bytesEl('allocation', v.allocationBytes),
      el(
        'target',
        {},
        el('path', {}, path),
        kind === 'file' && el('format', { type: v.format }),
        perms,
      ),
    ),
  );
  return { ...v, key, path, xml: serializeXml(doc) };
}

/** The same volume with new sizes, written into its own XML. */
export function resized(v: SimVolume, capacityBytes: number, allocationBytes: number): SimVolume {
  const doc = parseXml(v.xml, { root: 'volume' });
  setBytes(doc.root, 'capacity', capacityBytes, ['name', 'key', 'source']);
  setBytes(doc.root, 'allocation', allocationBytes, ['name', 'key', 'source', 'capacity']);
  return { ...v, capacityBytes, allocationBytes, xml: serializeXml(doc) };
}

/** A pool record from its XML; allocation and available are (re)written from its volumes. */
export function makePool(
  src: string | XmlDocument,
  state: SimPool['state'],
  autostart: boolean,
  volumes: ReadonlyMap<string, SimVolume>,
): SimPool {
  const doc = typeof src === 'string' ? parseXml(src, { root: 'pool' }) : src;
  const view = readPool(doc);
  if (!view.name) throw new RecordError('a pool has no <name>');
  const type = POOL_TYPES.find((t) => t === view.type);
  if (type === undefined)
    throw new RecordError(
      `pool ${view.name} has type ${String(view.type)}, not a libvirt pool type`,
    );
  if (!view.uuid) throw new RecordError(`pool ${view.name} has no <uuid>`);
  const capacityBytes = view.capacityBytes ?? 0;
  let allocationBytes = 0;
  for (const v of volumes.values()) allocationBytes += v.allocationBytes;
  const before = ['name', 'uuid'];
  setBytes(doc.root, 'capacity', capacityBytes, before);
  setBytes(doc.root, 'allocation', allocationBytes, [...before, 'capacity']);
  const available = Math.max(0, capacityBytes - allocationBytes);
  setBytes(doc.root, 'available', available, [...before, 'capacity', 'allocation']);
  return {
    name: view.name,
    uuid: view.uuid,
    type,
    view: { ...view, capacityBytes, allocationBytes, availableBytes: available },
    capacityBytes,
    allocationBytes,
    state,
    autostart,
    volumes,
    xml: serializeXml(doc),
  };
}

/** The same pool with other volumes, state, autostart or backing size. */
export function withPool(
  p: SimPool,
  change: Partial<Pick<SimPool, 'state' | 'autostart' | 'volumes' | 'capacityBytes'>>,
): SimPool {
  const doc = parseXml(p.xml, { root: 'pool' });
  if (change.capacityBytes !== undefined)
    setBytes(doc.root, 'capacity', change.capacityBytes, ['name', 'uuid']);
  return makePool(
    doc,
    change.state ?? p.state,
    change.autostart ?? p.autostart,
    change.volumes ?? p.volumes,
  );
}

/** A newly defined pool: the spec's XML with libvirt's uuid and sizes. */
export function definedPool(spec: PoolSpec, uuid: string, capacityBytes: number): SimPool {
  const sizes = [
    bytesEl('capacity', capacityBytes),
    bytesEl('allocation', 0),
    bytesEl('available', capacityBytes),
  ];
  return makePool(poolSpecDocument(spec, { uuid, extra: sizes }), 'inactive', false, new Map());
}

/** The pool's <source> for display. */
export function sourceOf(view: PoolView): PoolSource {
  const out: PoolSource = {};
  const hosts = view.sourceHosts.flatMap((h) => (h.name ? [h.name] : []));
  if (hosts.length > 0) out.host = hosts.join(', ');
  if (view.sourceDir) out.dir = view.sourceDir;
  if (view.sourceDevices.length > 0) out.device = view.sourceDevices.join(', ');
  if (view.sourceName) out.name = view.sourceName;
  return out;
}

// Schemas of the storage requests. New names (a pool, a volume, a clone) follow virtdesk's name
// rules; names that refer to existing pools and volumes only have to be names libvirt could have
// made, so pools and volumes created with virsh stay manageable. A pool definition is a union by
// `type`: one closed schema per type, chosen by a switch on the type.
import type { ApiMethods } from '../api';
import type { NewVmDiskSource, PoolSpec } from '../model';
import { DEFINABLE_POOL_TYPES, VOLUME_FORMATS, checkPoolSpec } from '../storage';
import { libvirtRef, newName } from './names';
import type { Schema } from './schema';
import { arr, bool, int, nullable, obj, oneOf, refineFields, str } from './schema';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

const ref = libvirtRef;
const bytes = int({ min: 1, max: Number.MAX_SAFE_INTEGER });
const text = str({ max: 4096 });

export const diskSourceSchema: Schema<NewVmDiskSource> = obj<NewVmDiskSource>({
  pool: ref,
  volume: nullable(ref),
});

type SpecOf<T extends PoolSpec['type']> = Extract<PoolSpec, { type: T }>;

/** The shape first, then the values, with the rules the Define pool dialog shows. */
const checked = <S extends PoolSpec>(shape: Schema<S>): Schema<S> =>
  refineFields(shape, checkPoolSpec);

const poolName = newName('Pool name');

const SPECS: { [T in PoolSpec['type']]: Schema<SpecOf<T>> } = {
  dir: checked(obj<SpecOf<'dir'>>({ type: oneOf(['dir'] as const), name: poolName, path: text })),
  logical: checked(
    obj<SpecOf<'logical'>>({
      type: oneOf(['logical'] as const),
      name: poolName,
      vgName: text,
      devices: arr(text, { max: 16 }),
    }),
  ),
  netfs: checked(
    obj<SpecOf<'netfs'>>({
      type: oneOf(['netfs'] as const),
      name: poolName,
      host: text,
      exportPath: text,
      targetPath: text,
    }),
  ),
  rbd: checked(
    obj<SpecOf<'rbd'>>({
      type: oneOf(['rbd'] as const),
      name: poolName,
      monitorHosts: arr(text, { max: 16 }),
      rbdPool: text,
      authUser: text,
      secretUuid: text,
    }),
  ),
};

export const poolSpecSchema: Schema<PoolSpec> = (v, path) => {
  const type =
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>).type
      : undefined;
  if (type === undefined) return SPECS.dir(v, path); // says what is wrong with the object
  const t = oneOf(DEFINABLE_POOL_TYPES)(type, path ? `${path}.type` : 'type');
  return (SPECS[t] as Schema<PoolSpec>)(v, path);
};

export function storageSchemas(id: Schema<string>) {
  const poolRef = obj<P<'poolStart'>>({ hostId: id, pool: ref });
  const volumeRef = obj<P<'volumeDelete'>>({ hostId: id, pool: ref, name: ref });
  return {
    poolList: obj<P<'poolList'>>({ hostId: id }),
    poolDefine: obj<P<'poolDefine'>>({ hostId: id, spec: poolSpecSchema }),
    poolStart: poolRef,
    poolStop: poolRef,
    poolRefresh: poolRef,
    poolSetAutostart: obj<P<'poolSetAutostart'>>({ hostId: id, pool: ref, autostart: bool() }),
    poolUndefine: poolRef,
    poolGetXml: poolRef,
    volumeList: poolRef,
    volumeCreate: obj<P<'volumeCreate'>>({
      hostId: id,
      pool: ref,
      name: newName('Volume name'),
      format: oneOf(VOLUME_FORMATS),
      capacityBytes: bytes,
    }),
    volumeResize: obj<P<'volumeResize'>>({
      hostId: id,
      pool: ref,
      name: ref,
      capacityBytes: bytes,
    }),
    volumeClone: obj<P<'volumeClone'>>({
      hostId: id,
      pool: ref,
      name: ref,
      newName: newName('Volume name'),
    }),
    volumeDelete: volumeRef,
    volumeAttach: obj<P<'volumeAttach'>>({
      hostId: id,
      pool: ref,
      name: ref,
      vmId: id,
      bus: oneOf(['virtio', 'scsi'] as const),
    }),
  };
}

// Storage pools and volumes: the rules both sides apply (the volume dialogs as you type, the
// simulated host authoritatively) and sizes in bytes and how they read. Pool definitions are
// checked in poolSpec.ts (re-exported here). Pure: the renderer imports this too.
import type { ApiMethod } from './api';
import type { ErrorCode } from './errors';
import { unitBytes } from './libvirt-xml/units';
import type { Volume, VolumeFormat } from './model';
import { checkName } from './names';

/** The api methods a driver serves through its optional `storage` capability. */
export type StorageMethod = Extract<ApiMethod, `pool${string}` | `volume${string}`>;

export const VOLUME_FORMATS: readonly VolumeFormat[] = ['qcow2', 'raw'];
export const DEFINABLE_POOL_TYPES = ['dir', 'logical', 'netfs', 'rbd'] as const;

/** What `qemu-img create -f qcow2` leaves on disk before the guest writes: header and tables. */
export const QCOW2_INITIAL_ALLOCATION = 196 * 1024;

const SIZE_WORDS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 13421772800 → "12.5 GiB"; one decimal at most, none when whole. */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_WORDS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 100 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${SIZE_WORDS[unit]}`;
}

/**
 * A size typed by the user ("10", "1.5") in a libvirt unit (GiB, MB, T…) as bytes, or null when
 * it is not a positive number libvirt could hold. Decimals are exact: 1.5 GiB is 1610612736.
 */
export function parseSize(text: string, unit: string): number | null {
  const m = /^\s*(\d{1,15})(?:\.(\d{1,6}))?\s*$/.exec(text);
  const per = unitBytes(unit);
  if (m === null || per === undefined) return null;
  const frac = m[2] ?? '';
  const scaled = BigInt((m[1] ?? '0') + frac) * per;
  const bytes = scaled / 10n ** BigInt(frac.length);
  return bytes > 0n && bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null;
}

/** A reason a storage request cannot be done, with the error code main throws for it. */
export interface StorageProblem {
  code: ErrorCode;
  message: string;
  /** The request field it is about. */
  path?: string;
}

export function notEnoughSpace(pool: string, requested: number, available: number): string {
  return `Not enough space in ${pool}: ${formatSize(requested)} requested, ${formatSize(Math.max(0, available))} available.`;
}

/** The pool's facts the volume checks need. */
export interface PoolRoom {
  name: string;
  type: string;
  active: boolean;
  availableBytes: number;
}

export function inactivePool(pool: string): StorageProblem {
  return {
    code: 'INVALID_STATE',
    message: `Storage pool ${pool} is not active: start it first.`,
  };
}

/** Formats a pool type can hold: LVM logical volumes and RBD images are raw block devices. */
export function formatsFor(poolType: string): readonly VolumeFormat[] {
  return poolType === 'logical' || poolType === 'rbd' ? ['raw'] : VOLUME_FORMATS;
}

/** Volume names: virtdesk's naming rules, plus what the pool already holds. */
export function checkNewVolume(
  pool: PoolRoom,
  req: { name: string; format: string; capacityBytes: number },
  existing: readonly string[],
): StorageProblem | null {
  if (!pool.active) return inactivePool(pool.name);
  const nameProblem = checkName(req.name, 'Volume name');
  if (nameProblem) return { code: 'INVALID_INPUT', message: nameProblem, path: 'name' };
  if (existing.includes(req.name))
    return {
      code: 'CONFLICT',
      message: `A volume named ${req.name} already exists in pool ${pool.name}.`,
      path: 'name',
    };
  if (!(formatsFor(pool.type) as readonly string[]).includes(req.format))
    return {
      code: 'INVALID_INPUT',
      message: `A ${pool.type} pool holds ${formatsFor(pool.type).join(' or ')} volumes only.`,
      path: 'format',
    };
  if (!Number.isSafeInteger(req.capacityBytes) || req.capacityBytes <= 0)
    return { code: 'INVALID_INPUT', message: 'Size must be more than 0.', path: 'capacityBytes' };
  if (req.capacityBytes > pool.availableBytes)
    return {
      code: 'INVALID_INPUT',
      message: notEnoughSpace(pool.name, req.capacityBytes, pool.availableBytes),
      path: 'capacityBytes',
    };
  return null;
}

/**
 * Resizing: qcow2 only grows; a raw volume may shrink while no VM uses it (its data past the new
 * end is lost); growth must fit in the pool's free space.
 */
export function checkResize(
  pool: PoolRoom,
  vol: Pick<Volume, 'name' | 'format' | 'capacityBytes' | 'usedBy'>,
  capacityBytes: number,
): StorageProblem | null {
  if (!pool.active) return inactivePool(pool.name);
  const path = 'capacityBytes';
  if (!Number.isSafeInteger(capacityBytes) || capacityBytes <= 0)
    return { code: 'INVALID_INPUT', message: 'Size must be more than 0.', path };
  const now = formatSize(vol.capacityBytes);
  if (capacityBytes < vol.capacityBytes) {
    if (vol.format !== 'raw')
      return {
        code: 'INVALID_INPUT',
        message: `${vol.name} is ${vol.format}, which can only grow: choose ${now} or more.`,
        path,
      };
    const user = vol.usedBy[0];
    if (user)
      return {
        code: 'CONFLICT',
        message: `${vol.name} is used by VM ${user.vmName}: shrinking it would cut off the guest's data. Detach it first.`,
        path,
      };
  }
  const growth = capacityBytes - vol.capacityBytes;
  if (growth > pool.availableBytes)
    return {
      code: 'INVALID_INPUT',
      message: notEnoughSpace(pool.name, growth, pool.availableBytes),
      path,
    };
  return null;
}

/** Who uses a volume, in words: "Used by web-01", or null when nobody does. */
export function usedByText(vol: Pick<Volume, 'usedBy'>): string | null {
  if (vol.usedBy.length === 0) return null;
  return `Used by ${vol.usedBy.map((u) => u.vmName).join(', ')}`;
}

export function inUseProblem(vol: Pick<Volume, 'name' | 'usedBy'>): StorageProblem | null {
  if (vol.usedBy.length === 0) return null;
  const names = vol.usedBy.map((u) => u.vmName).join(', ');
  return {
    code: 'CONFLICT',
    message: `Volume ${vol.name} is used by VM${vol.usedBy.length > 1 ? 's' : ''} ${names}: detach it first.`,
  };
}

export * from './poolSpec';

// libvirt's rules for pool life-cycle requests on the simulated host, as pure checks: each returns
// the refusal (code and message) or null. The simulation's own facts live here too: which servers
// it cannot reach, and how big a newly defined pool's backing store is.
import { VirtdeskError } from '../../../../shared/errors';
import type { PoolSpec } from '../../../../shared/model';
import type { StorageProblem } from '../../../../shared/storage';
import { poolTargetPath } from '../../../../shared/storageXml';
import type { SimPool } from './records';

export function fail(p: StorageProblem): never {
  throw new VirtdeskError(p.code, p.message, p.path);
}

/** Servers the simulated host cannot reach: starting a pool on one fails as mount would. */
const UNREACHABLE = new Set(['nas.lan']);

/** What backs a newly defined pool, by type (the simulated disks, array or cluster). */
const BACKING: Record<string, number> = {
  dir: 500 * 2 ** 30,
  netfs: 4 * 2 ** 40,
  logical: 931 * 2 ** 30,
  rbd: 10 * 2 ** 40,
};

export function backingBytes(spec: PoolSpec): number {
  return (BACKING[spec.type] ?? 0) * (spec.type === 'logical' ? spec.devices.length : 1);
}

/** A name in use, or the same directory, volume group or Ceph pool as another pool. */
export function defineProblem(pools: Iterable<SimPool>, spec: PoolSpec): StorageProblem | null {
  const all = [...pools];
  if (all.some((p) => p.name === spec.name))
    return { code: 'CONFLICT', message: `A pool named ${spec.name} already exists.`, path: 'name' };
  const target = poolTargetPath(spec);
  const clash = all.find(
    (p) =>
      (target !== null && p.view.targetPath === target) ||
      (spec.type === 'logical' && p.type === 'logical' && p.view.sourceName === spec.vgName) ||
      (spec.type === 'rbd' && p.type === 'rbd' && p.view.sourceName === spec.rbdPool),
  );
  if (!clash) return null;
  const what =
    spec.type === 'logical' ? 'volume group' : spec.type === 'rbd' ? 'Ceph pool' : 'target path';
  return {
    code: 'CONFLICT',
    message: `Storage source conflict with pool ${clash.name}: it uses the same ${what}.`,
  };
}

export function startProblem(pool: SimPool): StorageProblem | null {
  if (pool.state === 'active')
    return { code: 'INVALID_STATE', message: `Storage pool ${pool.name} is already active.` };
  const server = pool.view.sourceHosts[0]?.name;
  if (pool.type === 'netfs' && server !== undefined && UNREACHABLE.has(server))
    return {
      code: 'HOST_ERROR',
      message: `Cannot start pool ${pool.name}: cannot mount ${server}:${pool.view.sourceDir ?? '/'}: No route to host.`,
    };
  return null;
}

/** `busy`: active VMs with a disk in the pool; stopping would pull it from under them. */
export function stopProblem(pool: SimPool, busy: readonly string[]): StorageProblem | null {
  if (busy.length === 0) return null;
  const many = busy.length > 1;
  return {
    code: 'INVALID_STATE',
    message: `Cannot stop pool ${pool.name}: VM${many ? 's' : ''} ${busy.join(', ')} ${many ? 'are' : 'is'} running on its volumes. Shut ${many ? 'them' : 'it'} down first.`,
  };
}

export function undefineProblem(pool: SimPool): StorageProblem | null {
  return pool.state === 'active'
    ? {
        code: 'INVALID_STATE',
        message: `Storage pool ${pool.name} is active: stop it before removing its definition.`,
      }
    : null;
}

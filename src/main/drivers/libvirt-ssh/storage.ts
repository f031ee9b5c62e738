// Storage pools and volumes, as far as creating a VM needs them: the pool a new disk goes to and
// the qcow2 volume itself. Volumes are created by libvirt (vol-create-as), so they get the pool's
// ownership and permissions and show up in vol-list.
import { VirtdeskError } from '../../../shared/errors';
import { parseXml, readVolume } from '../../../shared/libvirt-xml';
import type { Virsh } from './domain';
import { exactNames } from './network';
import { virshLine } from './quote';

/** A volume by pool and name, on the host's virsh session. */
interface VolumeAt {
  virsh: Virsh;
  pool: string;
  name: string;
}

const vol = ({ pool, name }: VolumeAt) => [['--pool', pool] as const, ['--vol', name] as const];

/** The pool new disks go to: `default` when active, else the first active pool. */
export async function storagePoolForNewDisks({ virsh }: { virsh: Virsh }): Promise<string> {
  const active = await exactNames(virsh, virshLine('pool-list', '--uuid'), {
    command: 'pool-name',
    option: '--pool',
  });
  const pool = active.includes('default') ? 'default' : active[0];
  if (pool === undefined) {
    throw new VirtdeskError(
      'HOST_ERROR',
      'The host has no active storage pool for the new disk: start one (virsh pool-start) or create a VM without a disk.',
    );
  }
  return pool;
}

/** Creates a qcow2 volume and returns its path; CONFLICT when the name is taken in the pool. */
export async function storageVolumeCreate(at: VolumeAt & { capacityGiB: number }): Promise<string> {
  const { virsh, pool, name, capacityGiB } = at;
  const [existing] = await virsh.batch([virshLine('vol-path', ...vol(at))]);
  if (existing?.ok) {
    throw new VirtdeskError('CONFLICT', `A volume ${name} already exists in pool ${pool}.`, 'name');
  }
  await virsh.call(
    virshLine(
      'vol-create-as',
      ['--pool', pool],
      ['--name', name],
      ['--capacity', `${capacityGiB}G`],
      ['--format', 'qcow2'],
    ),
  );
  return (await virsh.call(virshLine('vol-path', ...vol(at)))).trim();
}

export async function storageVolumeDelete(at: VolumeAt): Promise<void> {
  await at.virsh.call(virshLine('vol-delete', ...vol(at)));
}

/** An existing volume for a new VM's disk: its path and image format. */
export async function storageVolumeInfo(at: VolumeAt): Promise<{ path: string; format: string }> {
  const xml = await at.virsh.call(virshLine('vol-dumpxml', ...vol(at)));
  const view = readVolume(parseXml(xml, { root: 'volume' }));
  if (!view.targetPath)
    throw new VirtdeskError('HOST_ERROR', `Volume ${at.name} in ${at.pool} has no path.`);
  return { path: view.targetPath, format: view.format ?? 'raw' };
}

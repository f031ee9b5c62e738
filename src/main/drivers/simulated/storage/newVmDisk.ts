// The disk of a New VM request, checked against the pools before anything exists: a new volume
// (NAME.qcow2, or NAME raw in an LVM or RBD pool) of diskGiB in the chosen pool (`default` when
// the request names none), or an existing volume no VM uses. The volume is created only when the
// VM is, by commit().
import { findElement, getAttr, parseXml } from '../../../../shared/libvirt-xml';
import type { NewVmSpec, VolumeUser } from '../../../../shared/model';
import type { StorageProblem } from '../../../../shared/storage';
import { checkNewVolume, formatsFor } from '../../../../shared/storage';
import type { DomainDoc } from '../../common/domainDoc';
import { domainDocOf } from '../../common/domainDoc';
import type { DiskSource } from '../../common/attachDisk';
import { withDisk } from '../../common/attachDisk';
import { fail } from './poolRules';
import type { StoragePools } from './pools';
import type { SimPool, SimVolume } from './records';
import { volumePlace } from './records';

const GiB = 2 ** 30;

export interface NewVmDisk {
  /** An image file for buildVm (virt-install's layout), or null when apply() adds the disk. */
  file: { path: string; format: string; capacityBytes: number } | null;
  apply(config: DomainDoc): DomainDoc;
  /** Creates the volume if it is new; returns the paths that appeared. */
  commit(): string[];
}

export function sharedProblem(vol: SimVolume, user: VolumeUser): StorageProblem {
  return {
    code: 'CONFLICT',
    message: `Volume ${vol.name} is used by VM ${user.vmName}: a disk can belong to one VM at a time.`,
  };
}

/** How a domain's <disk> names the volume: file, block device, or RBD image with monitors. */
export function diskSourceOf(p: SimPool, vol: SimVolume): DiskSource {
  const kind = volumePlace(p, vol.name).kind as DiskSource['kind'];
  const format = vol.format === 'qcow2' ? 'qcow2' : 'raw';
  if (kind !== 'network') return { kind, path: vol.path, format };
  const auth = findElement(parseXml(p.xml, { root: 'pool' }).root, 'source/auth');
  const secret = auth && findElement(auth, 'secret');
  const username = auth && getAttr(auth, 'username');
  const secretUuid = secret && getAttr(secret, 'uuid');
  return {
    kind,
    path: vol.path,
    format,
    hosts: p.view.sourceHosts.flatMap((h) => (h.name ? [{ name: h.name, port: h.port }] : [])),
    auth: username && secretUuid ? { username, secretUuid } : undefined,
  };
}

export function prepareNewVmDisk(
  pools: StoragePools,
  hostName: string,
  users: ReadonlyMap<string, VolumeUser[]>,
  spec: NewVmSpec,
): NewVmDisk | null {
  const src = spec.disk ?? (spec.diskGiB > 0 ? { pool: 'default', volume: null } : null);
  if (src === null || (src.volume === null && spec.diskGiB <= 0)) return null;
  const p = pools.active(src.pool);
  let vol: SimVolume;
  let create: (() => void) | null = null;
  if (src.volume === null) {
    const format = formatsFor(p.type).includes('qcow2') ? 'qcow2' : 'raw';
    const req = {
      name: format === 'qcow2' ? `${spec.name}.qcow2` : spec.name,
      format,
      capacityBytes: spec.diskGiB * GiB,
    };
    const { path } = volumePlace(p, req.name);
    // Like virt-install: an image that is already there is refused, not taken over.
    if (pools.capacityOf(path) !== null)
      fail({
        code: 'CONFLICT',
        message: `A volume ${path} already exists on ${hostName}.`,
        path: 'name',
      });
    const problem = checkNewVolume(pools.room(p), req, [...p.volumes.keys()]);
    if (problem) fail({ ...problem, path: problem.path === 'capacityBytes' ? 'diskGiB' : 'disk' });
    vol = { ...req, key: path, path, allocationBytes: 0, xml: '' };
    create = () => pools.createVolume(p.name, req);
  } else {
    vol = pools.volume(p, src.volume);
    const user = users.get(vol.path)?.[0];
    if (user) fail(sharedProblem(vol, user));
  }
  const commit = () => (create ? (create(), [vol.path]) : []);
  if (volumePlace(p, vol.name).kind !== 'file') {
    const source = diskSourceOf(p, vol);
    return {
      file: null,
      apply: (config) => domainDocOf(withDisk(config.text, source, 'vda', 'virtio', false)),
      commit,
    };
  }
  const format = vol.format === 'qcow2' ? 'qcow2' : 'raw';
  return {
    file: { path: vol.path, format, capacityBytes: vol.capacityBytes },
    apply: (config) => config,
    commit,
  };
}

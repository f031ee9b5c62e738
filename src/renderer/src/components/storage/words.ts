// Words for pool types and states, as the Storage view shows them.
import type { PoolState, PoolType } from '../../../../shared/model';

const TYPE_WORDS: Record<PoolType, string> = {
  dir: 'Directory',
  fs: 'File system',
  netfs: 'NFS',
  logical: 'LVM',
  disk: 'Disk',
  iscsi: 'iSCSI',
  'iscsi-direct': 'iSCSI (direct)',
  scsi: 'SCSI',
  mpath: 'Multipath',
  rbd: 'Ceph RBD',
  sheepdog: 'Sheepdog',
  gluster: 'Gluster',
  zfs: 'ZFS',
  vstorage: 'Virtuozzo',
};

export function poolTypeWord(type: PoolType): string {
  return TYPE_WORDS[type] ?? type;
}

export function poolStateWord(state: PoolState): string {
  return state === 'active' ? 'Active' : state === 'building' ? 'Building…' : 'Inactive';
}

/** The pool types the Define pool dialog offers, with what each is called there. */
export const DEFINE_TYPES = [
  { type: 'dir', label: 'Directory (dir)' },
  { type: 'logical', label: 'LVM volume group (logical)' },
  { type: 'netfs', label: 'NFS share (netfs)' },
  { type: 'rbd', label: 'Ceph RBD (rbd)' },
] as const;

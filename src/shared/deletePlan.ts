// Which of a VM's disks Delete may take with it (virt-manager's delete dialog, stricter): only an
// ordinary disk that is a storage-pool volume used by this VM alone. CD-ROMs (installer ISOs),
// read-only and shareable disks, volumes another VM uses and files libvirt does not manage stay.
// Both drivers gather the facts, build the plan with `deletePlan` for the dialog, and check the
// user's choice against a plan built afresh at delete time with `checkDeleteChoice`, so a disk that
// became shared (or changed) since the dialog opened is refused before anything changes.
import { VirtdeskError } from './errors';
import type { VolumeUser } from './model';

/** The storage-pool volume a disk's source is. */
export interface DiskVolume {
  pool: string;
  name: string;
  /** What `vol-delete --vol` is given: unique on the host. */
  key: string;
  path: string;
  capacityBytes: number;
}

/** What a driver knows of one disk of the VM's persistent definition. */
export interface DiskDeleteFacts {
  target: string;
  /** libvirt's <disk device>: 'disk', 'cdrom', 'floppy', 'lun'. */
  device: string;
  /** As the VM's disk list shows it (Disk.source); null for an empty drive. */
  source: string | null;
  readonly: boolean;
  shareable: boolean;
  /** null when the source is no volume of an active pool. */
  volume: DiskVolume | null;
  /** Other VMs whose persistent or live definition uses the same volume or file. */
  otherUsers: VolumeUser[];
}

export type KeepReason = 'empty' | 'media' | 'readonly' | 'shareable' | 'in-use' | 'not-a-volume';

export interface DeletePlanDisk {
  target: string;
  device: string;
  source: string | null;
  /** The volume's capacity; null when the source is no volume. */
  sizeBytes: number | null;
  volume: Pick<DiskVolume, 'pool' | 'name'> | null;
  /** Other VMs using it. */
  usedBy: VolumeUser[];
  /** null: an ordinary disk of this VM alone, deleted unless the user unticks it. */
  keep: KeepReason | null;
  /** Why it is kept, as the dialog says it; null when it can be deleted. */
  reason: string | null;
}

export interface DeletePlan {
  vmId: string;
  vmName: string;
  disks: DeletePlanDisk[];
}

/** One disk the user chose to delete: its target and the source the dialog showed. */
export interface DiskChoice {
  target: string;
  source: string;
}

const DEVICE_WORD: Record<string, string> = { cdrom: 'A CD-ROM', floppy: 'A floppy', lun: 'A LUN' };

function keepOf(f: DiskDeleteFacts): { keep: KeepReason; reason: string } | null {
  if (f.source === null) return { keep: 'empty', reason: 'No media: nothing to delete.' };
  if (f.device !== 'disk') {
    const what = DEVICE_WORD[f.device] ?? `A ${f.device} device`;
    return {
      keep: 'media',
      reason: `${what}: installation media are kept (others may need them).`,
    };
  }
  if (f.readonly) return { keep: 'readonly', reason: 'Read-only: shared data is kept.' };
  if (f.shareable) return { keep: 'shareable', reason: 'Shareable: meant for several VMs; kept.' };
  if (f.otherUsers.length > 0) {
    const names = f.otherUsers.map((u) => u.vmName).join(', ');
    return { keep: 'in-use', reason: `Also used by ${names}: kept.` };
  }
  if (f.volume === null) {
    return {
      keep: 'not-a-volume',
      reason:
        'Not a volume of an active storage pool: libvirt does not manage this file, so virtdesk ' +
        'cannot delete it. It stays on the host; remove it there if nothing needs it.',
    };
  }
  return null;
}

export function planDisk(f: DiskDeleteFacts): DeletePlanDisk {
  const kept = keepOf(f);
  return {
    target: f.target,
    device: f.device,
    source: f.source,
    sizeBytes: f.volume?.capacityBytes ?? null,
    volume: f.volume && { pool: f.volume.pool, name: f.volume.name },
    usedBy: f.otherUsers,
    keep: kept?.keep ?? null,
    reason: kept?.reason ?? null,
  };
}

export function deletePlan(
  vm: { id: string; name: string },
  facts: readonly DiskDeleteFacts[],
): DeletePlan {
  return { vmId: vm.id, vmName: vm.name, disks: facts.map(planDisk) };
}

/**
 * The volumes to delete for the user's choice, checked against facts gathered now: each chosen
 * disk must still be this VM's disk at that target with that source, and deletable. Any problem
 * refuses the whole request (CONFLICT, naming every disk), so nothing is changed.
 */
export function checkDeleteChoice(
  vmName: string,
  facts: readonly DiskDeleteFacts[],
  choices: readonly DiskChoice[],
): DiskVolume[] {
  const problems: string[] = [];
  const out = new Map<string, DiskVolume>();
  for (const c of choices) {
    const f = facts.find((d) => d.target === c.target);
    if (f === undefined || f.source !== c.source) {
      problems.push(`${c.target} (${c.source}) is no longer a disk of ${vmName}`);
      continue;
    }
    const kept = keepOf(f);
    if (kept !== null || f.volume === null) {
      problems.push(`${c.target} (${c.source}) cannot be deleted: ${kept?.reason ?? ''}`);
      continue;
    }
    out.set(f.volume.key, f.volume);
  }
  if (problems.length > 0) {
    throw new VirtdeskError(
      'CONFLICT',
      `Did not delete ${vmName}: ${problems.join('; ')}. Nothing was changed; open Delete again.`,
    );
  }
  return [...out.values()];
}

/** The confirm button: "Delete VM and 2 disks", "Delete VM and 1 disk", "Delete VM". */
export function deleteActionLabel(count: number): string {
  if (count === 0) return 'Delete VM';
  return `Delete VM and ${count} disk${count === 1 ? '' : 's'}`;
}

/**
 * The error when the VM is gone but some chosen volumes could not be deleted: it names each one,
 * which stays in its pool (Storage view) for the user to delete or keep.
 */
export function leftoverError(
  vmName: string,
  failed: readonly { volume: DiskVolume; error: string }[],
): VirtdeskError {
  const each = failed.map((f) => `${f.volume.pool}/${f.volume.name} (${f.error})`).join('; ');
  const one = failed.length === 1;
  const rest = one
    ? 'It remains in its pool; delete or keep it in the Storage view.'
    : 'They remain in their pools; delete or keep them in the Storage view.';
  return new VirtdeskError(
    'HOST_ERROR',
    `${vmName} was deleted, but ${one ? 'this volume' : 'these volumes'} could not be: ${each}. ${rest}`,
  );
}

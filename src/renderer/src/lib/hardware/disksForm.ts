// The Disks section's form: per disk its bus, cache, io mode, discard and (virtio-blk only) the
// iothread serving it; and how many iothreads the VM has.
import type {
  DiskCache,
  DiskDiscard,
  DiskIo,
  DiskSettings,
  DisksSettings,
} from '../../../../shared/hardware';
import { MAX_IOTHREADS } from '../../../../shared/validation/hardware';
import type { DiskBus } from '../../../../shared/model';
import type { FormRead } from './formRead';
import { changed, formRead, readCount } from './formRead';

export interface DiskForm {
  target: string;
  bus: DiskBus;
  cache: DiskCache;
  io: DiskIo;
  discard: DiskDiscard;
  /** '' = QEMU's main loop, else the iothread id. */
  iothread: string;
}

export interface DisksForm {
  iothreads: string;
  disks: DiskForm[];
}

/** 'iothreads', or `${target}` for an error about one disk's iothread. */
export type DisksField = string;

export const DISK_BUSES: readonly { bus: DiskBus; label: string }[] = [
  { bus: 'virtio', label: 'virtio-blk' },
  { bus: 'scsi', label: 'virtio-scsi' },
  { bus: 'sata', label: 'SATA' },
];
export const DISK_CACHES: readonly DiskCache[] = [
  'default',
  'none',
  'writethrough',
  'writeback',
  'directsync',
  'unsafe',
];
export const DISK_IOS: readonly DiskIo[] = ['default', 'native', 'threads', 'io_uring'];
export const DISK_DISCARDS: readonly DiskDiscard[] = ['default', 'unmap', 'ignore'];

export function busLabel(bus: DiskBus): string {
  return DISK_BUSES.find((b) => b.bus === bus)?.label ?? bus.toUpperCase();
}

export function toDisksForm(s: DisksSettings): DisksForm {
  return {
    iothreads: String(s.iothreads),
    disks: s.disks.map((d) => ({ ...d, iothread: d.iothread === null ? '' : String(d.iothread) })),
  };
}

export function readDisksForm(f: DisksForm): FormRead<DisksSettings, DisksField> {
  const errors: Partial<Record<DisksField, string>> = {};
  const count = readCount(f.iothreads, 'Iothreads', 0, MAX_IOTHREADS);
  if ('error' in count) errors.iothreads = count.error;
  const n = 'value' in count ? count.value : MAX_IOTHREADS;
  const disks: DiskSettings[] = f.disks.map((d) => {
    // Only virtio-blk disks name an iothread; another bus drops it.
    const iothread = d.bus === 'virtio' && d.iothread !== '' ? Number(d.iothread) : null;
    if (iothread !== null && iothread > n)
      errors[d.target] =
        `${d.target} is served by iothread ${iothread}, but the VM has ${n === 0 ? 'none' : `only ${n}`}.`;
    return { ...d, iothread };
  });
  return formRead(errors, () => ({ iothreads: n, disks }));
}

const iothreadText = (t: number | null): string => (t === null ? 'main loop' : `iothread ${t}`);

function diskChanges(before: DiskSettings, after: DiskSettings): string[] {
  const t = after.target;
  return [
    ...changed(`${t} bus`, busLabel(before.bus), busLabel(after.bus)),
    ...changed(`${t} cache`, before.cache, after.cache),
    ...changed(`${t} io`, before.io, after.io),
    ...changed(`${t} discard`, before.discard, after.discard),
    ...changed(`${t} served by`, iothreadText(before.iothread), iothreadText(after.iothread)),
  ];
}

export function disksChanges(before: DisksSettings, after: DisksSettings): string[] {
  return [
    ...changed('Iothreads', String(before.iothreads), String(after.iothreads)),
    ...after.disks.flatMap((d) => {
      const old = before.disks.find((b) => b.target === d.target);
      return old ? diskChanges(old, d) : [];
    }),
  ];
}

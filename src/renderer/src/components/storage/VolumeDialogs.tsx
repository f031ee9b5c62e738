// Resize, Clone and Delete for one volume, each checked as you type with the rules main applies.
import { useState } from 'react';
import type { Pool, Volume } from '../../../../shared/model';
import { checkName } from '../../../../shared/names';
import { checkResize, formatSize, inUseProblem, notEnoughSpace } from '../../../../shared/storage';
import { cloneVolume, deleteVolume, resizeVolume } from '../../store/storageCommands';
import { useAppStore } from '../../store/appStore';
import { TextField } from '../common/TextField';
import { DialogFrame } from '../common/DialogFrame';
import type { SizeValue } from './SizeField';
import { SizeField, sizeBytes } from './SizeField';
import { roomOf } from './VolumeCreateDialog';

interface Props {
  hostId: string;
  pool: Pool;
  volume: Volume;
  volumes: readonly Volume[];
}

function initialSize(bytes: number): SizeValue {
  const tib = bytes / 2 ** 40;
  if (tib >= 1 && Number.isInteger(tib * 10)) return { amount: String(tib), unit: 'TiB' };
  const gib = bytes / 2 ** 30;
  if (Number.isInteger(gib * 10)) return { amount: String(gib), unit: 'GiB' };
  return { amount: String(Math.ceil(bytes / 2 ** 20)), unit: 'MiB' };
}

export function VolumeResizeDialog({ hostId, pool, volume }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const [size, setSize] = useState(() => initialSize(volume.capacityBytes));
  const bytes = sizeBytes(size);
  const problem = bytes === null ? null : checkResize(roomOf(pool), volume, bytes);
  const error = bytes === null ? 'Enter a size above 0, like 20 or 1.5.' : problem?.message;
  const same = bytes === volume.capacityBytes ? `${volume.name} is already that size.` : null;
  return (
    <DialogFrame
      onClose={close}
      id="resize-volume"
      title={`Resize ${volume.name}`}
      action="Resize"
      invalid={error ?? same}
      run={() => resizeVolume(hostId, pool.name, volume.name, bytes ?? 0)}
    >
      <p>
        {volume.name} is {formatSize(volume.capacityBytes)} ({volume.format}).{' '}
        {volume.format === 'raw' && volume.usedBy.length === 0
          ? 'Shrinking it cuts off whatever lies past the new end.'
          : 'It can grow; it cannot shrink.'}
      </p>
      <SizeField
        id="resize-volume-size"
        label="New size"
        value={size}
        onChange={setSize}
        error={error}
        hint={`${formatSize(pool.availableBytes)} available in ${pool.name}.`}
      />
    </DialogFrame>
  );
}

function cloneName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-clone${name.slice(dot)}` : `${name}-clone`;
}

export function VolumeCloneDialog({ hostId, pool, volume, volumes }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const [name, setName] = useState(() => cloneName(volume.name));
  const error =
    checkName(name, 'Volume name') ??
    (volumes.some((v) => v.name === name)
      ? `A volume named ${name} already exists in pool ${pool.name}.`
      : null);
  const space =
    volume.allocationBytes > pool.availableBytes
      ? notEnoughSpace(pool.name, volume.allocationBytes, pool.availableBytes)
      : null;
  return (
    <DialogFrame
      onClose={close}
      id="clone-volume"
      title={`Clone ${volume.name}`}
      action="Clone"
      invalid={error ?? space}
      run={() => cloneVolume(hostId, pool.name, volume.name, name)}
    >
      <p>
        The copy takes {formatSize(volume.allocationBytes)} of the {formatSize(pool.availableBytes)}{' '}
        free in {pool.name}.
      </p>
      <TextField
        id="clone-volume-name"
        label="Name of the copy"
        value={name}
        error={error ?? undefined}
        autoFocus
        onChange={setName}
      />
      {space && (
        <p className="inline-error" role="alert">
          {space}
        </p>
      )}
    </DialogFrame>
  );
}

export function VolumeDeleteDialog({ hostId, pool, volume }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const blocked = inUseProblem(volume)?.message ?? null;
  return (
    <DialogFrame
      onClose={close}
      id="delete-volume"
      title={`Delete ${volume.name}?`}
      action="Delete"
      danger
      invalid={blocked}
      run={() => deleteVolume(hostId, pool.name, volume.name)}
    >
      <p>
        Deleting {volume.name} from {pool.name} removes its {formatSize(volume.capacityBytes)} of
        data for good.
      </p>
      <p className="mono wrap">{volume.path}</p>
      {blocked && (
        <p className="inline-error" role="alert">
          {blocked}
        </p>
      )}
    </DialogFrame>
  );
}

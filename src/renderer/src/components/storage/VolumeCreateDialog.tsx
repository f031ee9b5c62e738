// Create volume: name, format (qcow2 or raw; raw only where the pool holds nothing else) and size.
// Checked as you type with the rules main applies (checkNewVolume), so "Not enough space in
// scratch: 100 GiB requested, 12.5 GiB available" shows before anything is sent.
import { useState } from 'react';
import type { Pool, Volume, VolumeFormat } from '../../../../shared/model';
import { checkNewVolume, formatSize, formatsFor } from '../../../../shared/storage';
import { createVolume } from '../../store/storageCommands';
import { useAppStore } from '../../store/appStore';
import { FormField } from '../common/FormField';
import { TextField } from '../common/TextField';
import { DialogFrame } from '../common/DialogFrame';
import type { SizeValue } from './SizeField';
import { SizeField, sizeBytes } from './SizeField';

export function roomOf(pool: Pool) {
  return {
    name: pool.name,
    type: pool.type,
    active: pool.state === 'active',
    availableBytes: pool.availableBytes,
  };
}

interface Props {
  hostId: string;
  pool: Pool;
  volumes: readonly Volume[];
}

export function VolumeCreateDialog({ hostId, pool, volumes }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const formats = formatsFor(pool.type);
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [format, setFormat] = useState<VolumeFormat>(formats[0] ?? 'raw');
  const [size, setSize] = useState<SizeValue>({ amount: '10', unit: 'GiB' });

  const bytes = sizeBytes(size);
  const problem = checkNewVolume(
    roomOf(pool),
    { name, format, capacityBytes: bytes ?? 0 },
    volumes.map((v) => v.name),
  );
  const sizeError =
    bytes === null
      ? 'Enter a size above 0, like 10 or 1.5.'
      : problem?.path === 'capacityBytes'
        ? problem.message
        : undefined;
  const nameError = touched && problem?.path === 'name' ? problem.message : undefined;
  const invalid =
    bytes === null || problem !== null
      ? (sizeError ?? problem?.message ?? 'Fix the fields above')
      : null;

  return (
    <DialogFrame
      onClose={close}
      id="create-volume"
      title={`Create volume in ${pool.name}`}
      action="Create"
      invalid={invalid}
      run={() => createVolume(hostId, pool.name, { name, format, capacityBytes: bytes ?? 0 })}
    >
      <div className="form-grid">
        <TextField
          id="create-volume-name"
          label="Name"
          value={name}
          error={nameError}
          autoFocus
          onChange={(v) => {
            setName(v);
            setTouched(true);
          }}
          onBlur={() => setTouched(true)}
        />
        <FormField
          id="create-volume-format"
          label="Format"
          hint={formats.length === 1 ? `A ${pool.type} pool holds raw volumes only.` : undefined}
        >
          <select value={format} onChange={(e) => setFormat(e.target.value as VolumeFormat)}>
            {formats.map((f) => (
              <option key={f} value={f}>
                {f === 'qcow2' ? 'qcow2 (thin, snapshots)' : 'raw (fully allocated)'}
              </option>
            ))}
          </select>
        </FormField>
        <SizeField
          id="create-volume-size"
          label="Size"
          value={size}
          onChange={setSize}
          error={sizeError}
          hint={`${formatSize(pool.availableBytes)} available in ${pool.name}.`}
        />
      </div>
    </DialogFrame>
  );
}

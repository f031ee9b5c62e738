// The New VM dialog's Storage choice: a new volume in a pool (default: `default`), or an existing
// volume no VM uses. Hosts whose driver has no storage pools show nothing here, and the VM gets
// the original NAME.qcow2 in the default pool.
import type { NewVmDiskSource, Pool } from '../../../../shared/model';
import { formatSize } from '../../../../shared/storage';
import './storage.css';
import { hostPools, poolVolumes } from '../../store/storageCommands';
import { volumesKey } from '../../store/storageStore';

export interface DiskChoice {
  mode: 'new' | 'existing';
  /** '' until the user picks: then the default pool. */
  pool: string;
  volume: string;
}

export const INITIAL_DISK_CHOICE: DiskChoice = { mode: 'new', pool: '', volume: '' };

function usable(pools: readonly Pool[] | undefined): Pool[] {
  return (pools ?? []).filter((p) => p.state === 'active');
}

function poolOf(choice: DiskChoice, pools: readonly Pool[] | undefined): Pool | undefined {
  const active = usable(pools);
  return (
    active.find((p) => p.name === choice.pool) ??
    active.find((p) => p.name === 'default') ??
    active[0]
  );
}

/** The spec's disk source: undefined for the host's default, null while the choice is incomplete. */
export function diskSourceOf(
  choice: DiskChoice,
  pools: readonly Pool[] | undefined,
): NewVmDiskSource | undefined | null {
  const pool = poolOf(choice, pools);
  if (pool === undefined) return undefined;
  if (choice.mode === 'new') return { pool: pool.name, volume: null };
  return choice.volume === '' ? null : { pool: pool.name, volume: choice.volume };
}

interface Props {
  hostId: string;
  value: DiskChoice;
  onChange(choice: DiskChoice): void;
}

export function NewVmDiskFields({ hostId, value, onChange }: Props) {
  const { value: pools } = hostPools.use(hostId);
  const pool = poolOf(value, pools);
  const listed = pool !== undefined && value.mode === 'existing';
  const { value: volumes } = poolVolumes.use(listed ? volumesKey(hostId, pool.name) : null);
  const free = (volumes ?? []).filter((v) => v.usedBy.length === 0);

  if (pool === undefined) return null;
  const set = (patch: Partial<DiskChoice>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="field-wide disk-choice">
      <legend>Storage</legend>
      <label className="check">
        <input
          type="radio"
          name="new-vm-disk-mode"
          checked={value.mode === 'new'}
          onChange={() => set({ mode: 'new' })}
        />
        New volume
      </label>
      <label className="check">
        <input
          type="radio"
          name="new-vm-disk-mode"
          checked={value.mode === 'existing'}
          onChange={() => set({ mode: 'existing', volume: '' })}
        />
        Existing volume
      </label>
      <div className="field field-wide">
        <label htmlFor="new-vm-pool">Storage pool</label>
        <select
          id="new-vm-pool"
          value={pool.name}
          onChange={(e) => set({ pool: e.target.value, volume: '' })}
        >
          {usable(pools).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({formatSize(p.availableBytes)} free)
            </option>
          ))}
        </select>
      </div>
      {value.mode === 'existing' && (
        <div className="field field-wide">
          <label htmlFor="new-vm-volume">Volume</label>
          <select
            id="new-vm-volume"
            value={value.volume}
            onChange={(e) => set({ volume: e.target.value })}
          >
            <option value="" disabled>
              {volumes === undefined
                ? 'Loading…'
                : free.length === 0
                  ? 'No unused volumes'
                  : 'Choose a volume…'}
            </option>
            {free.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name} ({formatSize(v.capacityBytes)}, {v.format})
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}

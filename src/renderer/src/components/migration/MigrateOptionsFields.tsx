// The Migrate dialog's options: mode, what becomes of the definitions, the live-migration tuning,
// storage and, under Advanced, the destination URI. Each field writes one key of the form.
import type { MigrationCompression, MigrationStorage } from '../../../../shared/migration';
import type { FormField, MigrationForm } from '../../lib/migrationForm';
import { TextField } from '../common/TextField';
import { FormField as Field } from '../common/FormField';

interface Props {
  form: MigrationForm;
  errors: Partial<Record<FormField, string>>;
  /** The destination URI the check derived (shown until the user edits it). */
  derivedUri: string;
  set(patch: Partial<MigrationForm>): void;
}

const COMPRESSION: { value: MigrationCompression; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'xbzrle', label: 'xbzrle (page deltas)' },
  { value: 'zstd', label: 'zstd (multifd)' },
];

const STORAGE: { value: MigrationStorage; label: string }[] = [
  { value: 'shared', label: 'Shared (both hosts see the disks)' },
  { value: 'copy-all', label: 'Copy all disks' },
  { value: 'copy-inc', label: 'Copy incremental (disks with a backing image)' },
];

function Check({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
  hint?: string;
}) {
  return (
    <label className="mig-check" title={hint}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

export function MigrateOptionsFields({ form, errors, derivedUri, set }: Props) {
  return (
    <>
      <fieldset className="mig-group">
        <legend>Mode</legend>
        <label className="mig-check">
          <input
            type="radio"
            name="mig-mode"
            checked={form.live}
            onChange={() => set({ live: true })}
          />
          Live (the guest keeps running)
        </label>
        <label className="mig-check">
          <input
            type="radio"
            name="mig-mode"
            checked={!form.live}
            onChange={() => set({ live: false })}
          />
          Offline (the definition only)
        </label>
        <Check
          label="Persistent on destination"
          checked={form.persistent}
          onChange={(persistent) => set({ persistent })}
        />
        <Check
          label="Undefine on source"
          checked={form.undefineSource}
          onChange={(undefineSource) => set({ undefineSource })}
        />
      </fieldset>
      {/* Left enabled offline, so a choice that offline refuses can be undone where it was made. */}
      <fieldset className="mig-group mig-grid">
        <legend>Live migration</legend>
        <TextField
          id="mig-bandwidth"
          label="Bandwidth (MiB/s)"
          inputMode="numeric"
          placeholder="Unlimited"
          value={form.bandwidth}
          error={errors.bandwidth}
          onChange={(bandwidth) => set({ bandwidth })}
        />
        <TextField
          id="mig-downtime"
          label="Max downtime (ms)"
          inputMode="numeric"
          placeholder="300"
          value={form.maxDowntime}
          error={errors.maxDowntime}
          onChange={(maxDowntime) => set({ maxDowntime })}
        />
        <Field id="mig-compression" label="Compression">
          <select
            value={form.compression}
            onChange={(e) => set({ compression: e.target.value as MigrationCompression })}
          >
            {COMPRESSION.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <TextField
          id="mig-parallel"
          label="Parallel connections"
          inputMode="numeric"
          placeholder="1"
          hint="2–16 for multifd"
          value={form.parallel}
          error={errors.parallel}
          onChange={(parallel) => set({ parallel })}
        />
        <Check
          label="Auto-converge"
          hint="Throttle the vCPUs when memory is dirtied faster than it is sent"
          checked={form.autoConverge}
          onChange={(autoConverge) => set({ autoConverge })}
        />
        <Check
          label="Allow post-copy"
          hint="Lets you switch a migration that does not converge to post-copy"
          checked={form.postcopy}
          onChange={(postcopy) => set({ postcopy })}
        />
      </fieldset>
      <Field id="mig-storage" label="Storage">
        <select
          value={form.storage}
          onChange={(e) => set({ storage: e.target.value as MigrationStorage })}
        >
          {STORAGE.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <details className="mig-advanced">
        <summary>Advanced</summary>
        <TextField
          id="mig-dest-uri"
          label="Destination URI"
          hint="As the source host reaches the destination"
          value={form.destUri ?? derivedUri}
          onChange={(text) => set({ destUri: text })}
        />
      </details>
    </>
  );
}

// "Migrate NAME": the destination (picked by a drop, or here), the options, the pre-checks as
// sentences and the convergence forecast, all before Start. Errors of any of them disable Migrate
// with the first one as its reason; warnings only show.
import { useState } from 'react';
import type { Host } from '../../../../shared/model';
import { migrationOptionProblems } from '../../../../shared/migration';
import { migrateRefusal } from '../../lib/migrationTargets';
import type { MigrationForm } from '../../lib/migrationForm';
import { formOptions, initialForm } from '../../lib/migrationForm';
import { forecastMigration, UNLIMITED_LINK_BYTES_PER_SEC } from '../../lib/migrationForecast';
import { useAppStore } from '../../store/appStore';
import { runningJobOf, useJobStore } from '../../store/jobStore';
import { startMigration } from '../../store/migrationCommands';
import { DialogFrame } from '../common/DialogFrame';
import { FormField } from '../common/FormField';
import { MigrateChecks } from './MigrateChecks';
import { MigrateForecast } from './MigrateForecast';
import { MigrateOptionsFields } from './MigrateOptionsFields';
import { useDirtyRate, useMigrationCheck } from './useMigrationCheck';
import './migration.css';

interface Props {
  vmKey: string;
  destHostId: string | null;
}

export function MigrateDialog({ vmKey, destHostId }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const vm = useAppStore((s) => s.vms[vmKey]);
  const hosts = useAppStore((s) => s.hosts);
  const hostOrder = useAppStore((s) => s.hostOrder);
  const migrating = useJobStore((s) => (vm ? runningJobOf(s.jobs, vm.id) !== undefined : false));
  // reconcile closes the dialog when the VM goes; until then it is there.
  const source = vm ? hosts[vm.hostId] : undefined;
  const others = hostOrder
    .map((id) => hosts[id])
    .filter((h): h is Host => !!h && h.id !== vm?.hostId);
  const refusalOf = (h: Host): string | null =>
    vm ? migrateRefusal(vm, source, h, migrating) : '';

  const [form, setForm] = useState<MigrationForm>(() =>
    initialForm(
      vm ?? { state: 'shutoff' },
      destHostId ?? others.find((h) => !refusalOf(h))?.id ?? '',
    ),
  );
  const set = (patch: Partial<MigrationForm>): void =>
    setForm((f) => ({
      ...f,
      ...patch,
      // Another destination derives another URI and storage verdict.
      ...(patch.destHostId !== undefined && patch.destHostId !== f.destHostId
        ? { destUri: null, unsafe: false }
        : {}),
    }));

  const { options, errors } = formOptions(form);
  const optionProblems = migrationOptionProblems(options);
  const dest = hosts[form.destHostId];
  const destWhy = dest ? refusalOf(dest) : 'Pick a destination host.';
  const fieldError = Object.values(errors)[0] ?? null;
  const checked = useMigrationCheck(vmKey, destWhy || fieldError ? null : form.destHostId, options);
  // A paused guest dirties nothing; a shut-off one has no memory to copy.
  const guest =
    vm?.state === 'running' || vm?.state === 'blocked'
      ? 'running'
      : vm?.state === 'paused'
        ? 'paused'
        : 'off';
  const dirty = useDirtyRate(vmKey, guest === 'running');
  if (!vm) return null;

  const checkProblems = checked.check?.problems.filter((p) => p.code !== 'options') ?? null;
  const checkError = checkProblems?.find((p) => p.level === 'error');
  const unsafeProblem = checked.check?.problems.find((p) => p.code === 'unsafe-storage');
  const memoryBytes = checked.check?.memoryBytes ?? vm.memoryKiB * 1024;
  const rate =
    guest === 'paused' ? 0 : guest === 'running' ? (dirty.rate?.bytesPerSec ?? null) : null;
  const knownLink = checked.check?.linkBytesPerSec ?? null;
  const link = knownLink ?? UNLIMITED_LINK_BYTES_PER_SEC;
  const forecast = rate === null ? null : forecastMigration(memoryBytes, rate, options, link);

  const invalid =
    destWhy ??
    fieldError ??
    optionProblems[0]?.message ??
    (checked.error ? `The pre-checks could not run: ${checked.error}` : null) ??
    checkError?.message ??
    (checked.pending || !checked.check ? 'Running the pre-checks…' : null);

  return (
    <DialogFrame
      id="migrate"
      title={`Migrate ${vm.name}`}
      size="wide"
      action="Migrate"
      invalid={invalid}
      run={() => startMigration(vmKey, form.destHostId, options)}
      onClose={close}
    >
      <p className="muted">
        From {source?.name ?? vm.hostId}; {vm.name} is{' '}
        {vm.state === 'shutoff' ? 'shut off' : vm.state}.
      </p>
      <FormField id="mig-dest" label="Destination" error={dest && destWhy ? destWhy : undefined}>
        <select
          data-autofocus
          value={form.destHostId}
          onChange={(e) => set({ destHostId: e.target.value })}
        >
          {!dest && <option value="">Pick a host</option>}
          {others.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
              {refusalOf(h) ? ' (not available)' : ''}
            </option>
          ))}
        </select>
      </FormField>
      <MigrateOptionsFields
        form={form}
        errors={errors}
        derivedUri={checked.check?.destUri ?? ''}
        set={set}
      />
      {(unsafeProblem || form.unsafe) && (
        <label className="mig-check mig-unsafe">
          <input
            type="checkbox"
            checked={form.unsafe}
            onChange={(e) => set({ unsafe: e.target.checked })}
          />
          Migrate anyway (unsafe)
          {unsafeProblem && <span className="muted"> — {unsafeProblem.message}</span>}
        </label>
      )}
      <MigrateChecks
        optionProblems={optionProblems}
        checkProblems={checkProblems}
        checkError={checked.error}
        pending={checked.pending}
      />
      <MigrateForecast
        live={form.live}
        unlimited={options.bandwidthMiBs === null}
        link={link}
        linkKnown={knownLink !== null}
        copiesDisks={options.storage !== 'shared'}
        guest={guest}
        memoryBytes={memoryBytes}
        dirty={dirty}
        forecast={forecast}
      />
    </DialogFrame>
  );
}

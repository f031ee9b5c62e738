// The New VM dialog: validates as you type with the same rules main applies
// (validateNewVmForm), keeps Create disabled while anything is wrong, shows server errors in place
// (DialogFrame), and selects the new VM in the tree once it exists.
import { useMemo, useState } from 'react';
import type { Host } from '../../../../shared/model';
import type { NewVmField, NewVmForm } from '../../../../shared/validation/newVm';
import { validateNewVmForm } from '../../../../shared/validation/newVm';
import { useAppStore } from '../../store/appStore';
import { createVm } from '../../store/commands';
import { splitVmKey } from '../../store/keys';
import { DialogFrame } from '../common/DialogFrame';
import { FormField } from '../common/FormField';
import { TextField } from '../common/TextField';
import { hostPools } from '../../store/storageCommands';
import type { DiskChoice } from '../storage/NewVmDiskFields';
import { INITIAL_DISK_CHOICE, NewVmDiskFields, diskSourceOf } from '../storage/NewVmDiskFields';

const DEFAULT_FORM: NewVmForm = {
  name: '',
  vcpus: '2',
  memoryMiB: '2048',
  diskGiB: '20',
  network: 'default',
};

const NUMBER_FIELDS = [
  { field: 'vcpus', id: 'new-vm-vcpus', label: 'vCPUs', min: 1 },
  { field: 'memoryMiB', id: 'new-vm-memory', label: 'Memory (MiB)', min: 64, step: 256 },
  {
    field: 'diskGiB',
    id: 'new-vm-disk',
    label: 'Disk size (GiB)',
    min: 0,
    hint: '0 creates a VM without a disk.',
  },
] as const;

function defaultNetwork(host: Host | undefined, wanted: string): string {
  if (!host || host.networks.includes(wanted)) return wanted;
  return host.networks.includes('default') ? 'default' : (host.networks[0] ?? '');
}

/** The host the dialog starts on: the selected item's host if connected, else the first one. */
function useInitialHostId(connected: readonly Host[]): string {
  const selection = useAppStore((s) => s.selection);
  const [initial] = useState(() => {
    const selected =
      selection?.kind === 'host'
        ? selection.hostId
        : selection?.kind === 'vm'
          ? splitVmKey(selection.key).hostId
          : null;
    return connected.find((h) => h.id === selected)?.id ?? connected[0]?.id ?? '';
  });
  return initial;
}

export function VmCreateDialog() {
  const hosts = useAppStore((s) => s.hosts);
  const hostOrder = useAppStore((s) => s.hostOrder);
  const vmOrder = useAppStore((s) => s.vmOrder);
  const vms = useAppStore((s) => s.vms);
  const closeDialog = useAppStore((s) => s.closeDialog);

  const connected = useMemo(
    () => hostOrder.map((id) => hosts[id]).filter((h): h is Host => h?.connection === 'connected'),
    [hostOrder, hosts],
  );
  const initialHostId = useInitialHostId(connected);
  const [hostId, setHostId] = useState(initialHostId);
  const host = hosts[hostId];
  const [form, setForm] = useState<NewVmForm>(() => ({
    ...DEFAULT_FORM,
    network: defaultNetwork(hosts[initialHostId], DEFAULT_FORM.network),
  }));
  // The name starts empty, which is an error nobody needs to be told about before typing.
  const [nameTouched, setNameTouched] = useState(false);
  const [diskChoice, setDiskChoice] = useState<DiskChoice>(INITIAL_DISK_CHOICE);
  const pools = hostPools.useLoaded(hostId);
  // undefined: the host's default (NAME.qcow2 in `default`); null: an existing volume not chosen.
  const diskSource = diskSourceOf(diskChoice, pools);

  const existing = useMemo(
    () => (vmOrder[hostId] ?? []).map((k) => vms[k]).filter((v) => v !== undefined),
    [vmOrder, vms, hostId],
  );
  const { errors, spec } = useMemo(
    () =>
      host
        ? validateNewVmForm(form, host, existing)
        : { errors: {} as Partial<Record<NewVmField, string>>, spec: null },
    [form, host, existing],
  );
  const shown = (field: NewVmField): string | undefined =>
    field === 'name' && !nameTouched ? undefined : errors[field];

  const change = (field: NewVmField, value: string): void => {
    setForm((f) => ({ ...f, [field]: value }));
    if (field === 'name') setNameTouched(true);
  };
  const changeHost = (id: string): void => {
    setHostId(id);
    setDiskChoice(INITIAL_DISK_CHOICE);
    setForm((f) => ({ ...f, network: defaultNetwork(hosts[id], f.network) }));
  };

  const invalid = spec === null || !host || diskSource === null;
  return (
    <DialogFrame
      id="new-vm"
      title="New VM"
      action="Create"
      invalid={invalid ? 'Fix the fields marked above first' : null}
      onInvalidSubmit={() => setNameTouched(true)}
      run={async () => {
        if (invalid) return;
        await createVm(host.id, diskSource ? { ...spec, disk: diskSource } : spec);
      }}
      onClose={closeDialog}
    >
      {connected.length === 0 ? (
        <p className="inline-error" role="alert">
          No host is connected. Connect a host to create a VM on it.
        </p>
      ) : (
        <div className="form-grid">
          <FormField id="new-vm-host" label="Host">
            <select value={hostId} onChange={(e) => changeHost(e.target.value)}>
              {connected.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          </FormField>
          <TextField
            id="new-vm-name"
            label="Name"
            value={form.name}
            error={shown('name')}
            autoFocus
            onChange={(v) => change('name', v)}
            onBlur={() => setNameTouched(true)}
          />
          {NUMBER_FIELDS.filter((f) => f.field !== 'diskGiB' || diskChoice.mode === 'new').map(
            ({ field, ...rest }) => (
              <TextField
                key={field}
                {...rest}
                type="number"
                inputMode="numeric"
                value={form[field]}
                error={shown(field)}
                onChange={(v) => change(field, v)}
              />
            ),
          )}
          <FormField id="new-vm-network" label="Network" error={shown('network')}>
            <select value={form.network} onChange={(e) => change('network', e.target.value)}>
              {(host?.networks ?? []).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </FormField>
          {hostId && (
            <NewVmDiskFields
              key={hostId}
              hostId={hostId}
              value={diskChoice}
              onChange={setDiskChoice}
            />
          )}
        </div>
      )}
    </DialogFrame>
  );
}

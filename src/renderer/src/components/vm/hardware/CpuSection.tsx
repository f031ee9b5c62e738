// The Hardware tab's CPUs: current vCPUs (on a running VM raised or lowered now, up to the
// maximum), the maximum (at next boot), the mode (host-passthrough, host-model, or a custom model
// the hypervisor offers) and the topology, checked against the maximum as the user types.
import type { CpuSettings } from '../../../../../shared/hardware';
import { domId } from '../../../lib/format';
import type { CpuForm } from '../../../lib/hardware/cpuForm';
import { CPU_MODES, cpuChanges, readCpuForm, toCpuForm } from '../../../lib/hardware/cpuForm';
import { firstError } from '../../../lib/hardware/formRead';
import { FormField } from '../../common/FormField';
import { TextField } from '../../common/TextField';
import { FieldRow, SectionFooter, useSectionDraft } from './SectionForm';
import type { SectionProps } from './sectionProps';

export function CpuSection({ vmKey, view, review }: SectionProps) {
  const current = view.hardware.cpu;
  const hostMax = view.host.maxVcpus;
  const read = (f: CpuForm): CpuSettings | null => readCpuForm(f, hostMax).value;
  const { form, setForm, reset } = useSectionDraft(current, toCpuForm, read);
  const { value, errors } = readCpuForm(form, hostMax);
  const set = <K extends keyof CpuForm>(k: K, v: CpuForm[K]): void =>
    setForm((f) => ({ ...f, [k]: v }));
  const id = domId('hw', vmKey, 'cpu');
  const models =
    current.model && !view.host.cpuModels.includes(current.model)
      ? [current.model, ...view.host.cpuModels]
      : view.host.cpuModels;

  return (
    <>
      <FieldRow>
        <TextField
          id={`${id}-vcpus`}
          label="Current vCPUs"
          type="number"
          min={1}
          value={form.vcpus}
          error={errors.vcpus}
          hint={view.running ? 'Now, up to the maximum' : 'At next start'}
          onChange={(v) => set('vcpus', v)}
        />
        <TextField
          id={`${id}-max`}
          label="Maximum vCPUs"
          type="number"
          min={1}
          value={form.maxVcpus}
          error={errors.maxVcpus}
          hint={`At next boot; the host allows ${hostMax}`}
          onChange={(v) => set('maxVcpus', v)}
        />
        <FormField id={`${id}-mode`} label="Mode">
          <select
            value={form.mode}
            onChange={(e) => set('mode', e.target.value as CpuForm['mode'])}
          >
            {CPU_MODES.map((m) => (
              <option key={m.mode} value={m.mode}>
                {m.label}
              </option>
            ))}
          </select>
        </FormField>
        {form.mode === 'custom' && (
          <FormField id={`${id}-model`} label="Model" error={errors.model}>
            <select value={form.model} onChange={(e) => set('model', e.target.value)}>
              <option value="">Pick a model</option>
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </FormField>
        )}
      </FieldRow>
      <fieldset className="hw-fieldset">
        <legend>Topology</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.topology}
            onChange={(e) => set('topology', e.target.checked)}
          />
          Set sockets × cores × threads (else libvirt picks)
        </label>
        {form.topology && (
          <>
            <FieldRow>
              <TextField
                id={`${id}-sockets`}
                label="Sockets"
                type="number"
                min={1}
                value={form.sockets}
                error={errors.sockets}
                aria-describedby={errors.topology ? `${id}-topology-error` : undefined}
                onChange={(v) => set('sockets', v)}
              />
              <TextField
                id={`${id}-cores`}
                label="Cores"
                type="number"
                min={1}
                value={form.cores}
                error={errors.cores}
                aria-describedby={errors.topology ? `${id}-topology-error` : undefined}
                onChange={(v) => set('cores', v)}
              />
              <TextField
                id={`${id}-threads`}
                label="Threads"
                type="number"
                min={1}
                value={form.threads}
                error={errors.threads}
                aria-describedby={errors.topology ? `${id}-topology-error` : undefined}
                onChange={(v) => set('threads', v)}
              />
            </FieldRow>
            <p className="hw-error" role="status" id={`${id}-topology-error`}>
              {errors.topology ?? ''}
            </p>
          </>
        )}
      </fieldset>
      <SectionFooter
        idBase={id}
        changes={value ? cpuChanges(current, value) : []}
        error={firstError(errors)}
        edited={JSON.stringify(form) !== JSON.stringify(toCpuForm(current))}
        onReview={() => value && review({ section: 'cpu', cpu: value })}
        onReset={reset}
      />
    </>
  );
}

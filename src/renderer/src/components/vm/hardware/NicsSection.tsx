// The Hardware tab's network interfaces: per NIC its model, virtio multiqueue (queue pairs), and
// its source: a libvirt network, a host bridge, macvtap on a host interface (with its mode), or a
// free SR-IOV VF (a hostdev interface, which has no model).
import type { NicSettings } from '../../../../../shared/hardware';
import { domId } from '../../../lib/format';
import { firstError } from '../../../lib/hardware/formRead';
import type { NicForm } from '../../../lib/hardware/nicsForm';
import {
  MACVTAP_MODES,
  NIC_MODELS,
  SOURCE_TYPES,
  modelFor,
  nicsChanges,
  readNicsForm,
  toNicForm,
} from '../../../lib/hardware/nicsForm';
import { FormField } from '../../common/FormField';
import { TextField } from '../../common/TextField';
import { FieldRow, SectionFooter, useSectionDraft } from './SectionForm';
import type { SectionProps } from './sectionProps';

/** The choices with the current one first when the host no longer lists it. */
function withCurrent(list: readonly string[], value: string): string[] {
  return value === '' || list.includes(value) ? [...list] : [value, ...list];
}

function Pick(props: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  empty: string;
  error?: string | undefined;
  onChange(v: string): void;
}) {
  return (
    <FormField id={props.id} label={props.label} error={props.error}>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.length === 0 && <option value="">{props.empty}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormField>
  );
}

const named = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

export function NicsSection({ vmKey, view, review }: SectionProps) {
  const current = view.hardware.nics;
  const { host } = view;
  const toForm = (nics: NicSettings[]): NicForm[] => nics.map((n) => toNicForm(n, host));
  const read = (f: NicForm[]): NicSettings[] | null => readNicsForm(f).value;
  const { form, setForm, reset } = useSectionDraft(current, toForm, read);
  const { value, errors } = readNicsForm(form);
  const id = domId('hw', vmKey, 'nics');
  const setNic = <K extends keyof NicForm>(mac: string, k: K, v: NicForm[K]): void =>
    setForm((list) => list.map((n) => (n.mac === mac ? { ...n, [k]: v } : n)));

  return (
    <>
      {form.length === 0 && <p className="muted">No network interfaces.</p>}
      {form.map((n) => {
        const nid = `${id}-${domId(n.mac)}`;
        const model = modelFor(n);
        const vfs = host.vfs.map((v) => ({ value: v.address, label: `${v.address} (${v.pf})` }));
        if (n.address && !host.vfs.some((v) => v.address === n.address))
          vfs.unshift({ value: n.address, label: n.address });
        return (
          <fieldset className="hw-fieldset" key={n.mac}>
            <legend>NIC {n.mac}</legend>
            <FieldRow>
              <FormField id={`${nid}-source`} label="Source">
                <select
                  value={n.type}
                  onChange={(e) => setNic(n.mac, 'type', e.target.value as NicForm['type'])}
                >
                  {SOURCE_TYPES.map((s) => (
                    <option key={s.type} value={s.type}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </FormField>
              {n.type === 'network' && (
                <Pick
                  id={`${nid}-network`}
                  label="Network"
                  value={n.network}
                  options={named(withCurrent(host.networks, n.network))}
                  empty="The host has no networks"
                  error={errors[n.mac]}
                  onChange={(v) => setNic(n.mac, 'network', v)}
                />
              )}
              {n.type === 'bridge' && (
                <Pick
                  id={`${nid}-bridge`}
                  label="Bridge"
                  value={n.bridge}
                  options={named(withCurrent(host.bridges, n.bridge))}
                  empty="The host has no bridges"
                  error={errors[n.mac]}
                  onChange={(v) => setNic(n.mac, 'bridge', v)}
                />
              )}
              {n.type === 'direct' && (
                <>
                  <Pick
                    id={`${nid}-dev`}
                    label="Host interface"
                    value={n.dev}
                    options={named(withCurrent(host.interfaces, n.dev))}
                    empty="The host has no interfaces"
                    error={errors[n.mac]}
                    onChange={(v) => setNic(n.mac, 'dev', v)}
                  />
                  <Pick
                    id={`${nid}-mode`}
                    label="Macvtap mode"
                    value={n.mode}
                    options={named(MACVTAP_MODES)}
                    empty=""
                    onChange={(v) => setNic(n.mac, 'mode', v as NicForm['mode'])}
                  />
                </>
              )}
              {n.type === 'hostdev' && (
                <Pick
                  id={`${nid}-vf`}
                  label="VF"
                  value={n.address}
                  options={vfs}
                  empty="The host has no free VFs"
                  error={errors[n.mac]}
                  onChange={(v) => setNic(n.mac, 'address', v)}
                />
              )}
              {n.type !== 'hostdev' && (
                <Pick
                  id={`${nid}-model`}
                  label="Model"
                  value={model}
                  options={named(withCurrent(NIC_MODELS, model))}
                  empty=""
                  onChange={(v) => setNic(n.mac, 'model', v)}
                />
              )}
              {model === 'virtio' && (
                <TextField
                  id={`${nid}-queues`}
                  label="Queues"
                  type="number"
                  min={1}
                  value={n.queues}
                  hint="Empty: one queue pair"
                  error={errors[`${n.mac} queues`]}
                  onChange={(v) => setNic(n.mac, 'queues', v)}
                />
              )}
            </FieldRow>
          </fieldset>
        );
      })}
      <SectionFooter
        idBase={id}
        changes={value ? nicsChanges(current, value) : []}
        error={firstError(errors)}
        edited={JSON.stringify(form) !== JSON.stringify(toForm(current))}
        onReview={() => value && review({ section: 'nics', nics: value })}
        onReset={reset}
      />
    </>
  );
}

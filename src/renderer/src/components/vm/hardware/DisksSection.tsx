// The Hardware tab's Disks: per disk its bus (virtio-blk, virtio-scsi, SATA), cache, io mode,
// discard and, for virtio-blk, the iothread serving it; and how many iothreads the VM has.
import type { DisksSettings } from '../../../../../shared/hardware';
import { domId } from '../../../lib/format';
import type { DiskForm, DisksForm } from '../../../lib/hardware/disksForm';
import {
  DISK_BUSES,
  DISK_CACHES,
  DISK_DISCARDS,
  DISK_IOS,
  busLabel,
  disksChanges,
  readDisksForm,
  toDisksForm,
} from '../../../lib/hardware/disksForm';
import { firstError } from '../../../lib/hardware/formRead';
import { TextField } from '../../common/TextField';
import { FieldRow, SectionFooter, useSectionDraft } from './SectionForm';
import type { SectionProps } from './sectionProps';

function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  disabled?: boolean;
  onChange(v: T): void;
}) {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value as T)}
    >
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

const plain = <T extends string>(list: readonly T[]) => list.map((v) => ({ value: v, label: v }));

export function DisksSection({ vmKey, view, review }: SectionProps) {
  const current = view.hardware.disks;
  const read = (f: DisksForm): DisksSettings | null => readDisksForm(f).value;
  const { form, setForm, reset } = useSectionDraft(current, toDisksForm, read);
  const { value, errors } = readDisksForm(form);
  const id = domId('hw', vmKey, 'disks');
  const setDisk = <K extends keyof DiskForm>(target: string, k: K, v: DiskForm[K]): void =>
    setForm((f) => ({
      ...f,
      disks: f.disks.map((d) => (d.target === target ? { ...d, [k]: v } : d)),
    }));
  const count = /^\d+$/.test(form.iothreads.trim()) ? Number(form.iothreads.trim()) : 0;
  const iothreads = [
    { value: '', label: 'Main loop' },
    ...Array.from({ length: count }, (_, i) => ({
      value: String(i + 1),
      label: `iothread ${i + 1}`,
    })),
  ];

  return (
    <>
      <FieldRow>
        <TextField
          id={`${id}-iothreads`}
          label="Iothreads"
          type="number"
          min={0}
          value={form.iothreads}
          error={errors.iothreads}
          hint="Threads QEMU serves virtio-blk disks from"
          onChange={(v) => setForm((f) => ({ ...f, iothreads: v }))}
        />
      </FieldRow>
      {form.disks.length === 0 ? (
        <p className="muted">No disks to tune.</p>
      ) : (
        <table className="grid hw-table" aria-label="Disk settings">
          <thead>
            <tr>
              <th scope="col">Disk</th>
              <th scope="col">Bus</th>
              <th scope="col">Cache</th>
              <th scope="col">IO</th>
              <th scope="col">Discard</th>
              <th scope="col">Served by</th>
            </tr>
          </thead>
          <tbody>
            {form.disks.map((d) => {
              const buses = DISK_BUSES.some((b) => b.bus === d.bus)
                ? DISK_BUSES
                : [...DISK_BUSES, { bus: d.bus, label: busLabel(d.bus) }];
              return (
                <tr key={d.target}>
                  <th scope="row" className="mono">
                    {d.target}
                  </th>
                  <td>
                    <Choice
                      label={`${d.target} bus`}
                      value={d.bus}
                      options={buses.map((b) => ({ value: b.bus, label: b.label }))}
                      onChange={(v) => setDisk(d.target, 'bus', v)}
                    />
                  </td>
                  <td>
                    <Choice
                      label={`${d.target} cache`}
                      value={d.cache}
                      options={plain(DISK_CACHES)}
                      onChange={(v) => setDisk(d.target, 'cache', v)}
                    />
                  </td>
                  <td>
                    <Choice
                      label={`${d.target} io`}
                      value={d.io}
                      options={plain(DISK_IOS)}
                      onChange={(v) => setDisk(d.target, 'io', v)}
                    />
                  </td>
                  <td>
                    <Choice
                      label={`${d.target} discard`}
                      value={d.discard}
                      options={plain(DISK_DISCARDS)}
                      onChange={(v) => setDisk(d.target, 'discard', v)}
                    />
                  </td>
                  <td>
                    {d.bus === 'virtio' ? (
                      <Choice
                        label={`${d.target} iothread`}
                        value={d.iothread}
                        options={
                          iothreads.some((o) => o.value === d.iothread)
                            ? iothreads
                            : [...iothreads, { value: d.iothread, label: `iothread ${d.iothread}` }]
                        }
                        onChange={(v) => setDisk(d.target, 'iothread', v)}
                      />
                    ) : (
                      <span className="muted">Main loop (virtio-blk only)</span>
                    )}
                    {errors[d.target] && <div className="hw-error">{errors[d.target]}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <SectionFooter
        idBase={id}
        changes={value ? disksChanges(current, value) : []}
        error={firstError(errors)}
        edited={JSON.stringify(form) !== JSON.stringify(toDisksForm(current))}
        onReview={() => value && review({ section: 'disks', disks: value })}
        onReset={reset}
      />
    </>
  );
}

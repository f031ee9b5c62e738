// The Hardware tab's Memory: the current memory (the balloon's target; a running VM gets it now),
// the maximum (at next boot), hugepages of a size with each host node's free pages beside it (the
// nodes the memory comes from marked, and a warning when they are short), locked memory, no KSM
// sharing, and the balloon model.
import type { MemorySettings } from '../../../../../shared/hardware';
import { hugepageNeed, hugepageWarning, memoryNodes } from '../../../../../shared/hardwareRules';
import { pageSizeText } from '../../../../../shared/tuning';
import { domId } from '../../../lib/format';
import { firstError } from '../../../lib/hardware/formRead';
import type { MemoryForm } from '../../../lib/hardware/memoryForm';
import {
  BALLOON_MODELS,
  freePages,
  memoryChanges,
  pageSizes,
  readMemoryForm,
  toMemoryForm,
} from '../../../lib/hardware/memoryForm';
import { FormField } from '../../common/FormField';
import { SizeField } from '../../storage/SizeField';
import { FieldRow, SectionFooter, useSectionDraft } from './SectionForm';
import type { SectionProps } from './sectionProps';

export function MemorySection({ vmKey, view, review }: SectionProps) {
  const current = view.hardware.memory;
  const read = (f: MemoryForm): MemorySettings | null => readMemoryForm(f, current).value;
  const { form, setForm, reset } = useSectionDraft(current, toMemoryForm, read);
  const { value, errors } = readMemoryForm(form, current);
  const set = <K extends keyof MemoryForm>(k: K, v: MemoryForm[K]): void =>
    setForm((f) => ({ ...f, [k]: v }));
  const id = domId('hw', vmKey, 'memory');
  const size = form.hugepages === '' ? null : Number(form.hugepages);
  const numatune = view.hardware.pinning.numatune;
  const nodes = memoryNodes(
    numatune,
    view.host.nodes.map((n) => n.id),
  );
  const held =
    view.running && current.hugepages !== null && current.hugepages.sizeKiB === size
      ? Math.ceil(current.maxKiB / size)
      : 0;
  // The plan's own warning, so the form and the review say the same.
  const shortage = value ? hugepageWarning(hugepageNeed(value, numatune, view.host, held)) : null;
  const bound = nodes.length < view.host.nodes.length;

  return (
    <>
      <FieldRow>
        <SizeField
          id={`${id}-current`}
          label="Current memory"
          value={form.current}
          error={errors.current}
          hint={view.running ? 'Now (the balloon), up to the maximum' : 'At next start'}
          onChange={(v) => set('current', v)}
        />
        <SizeField
          id={`${id}-max`}
          label="Maximum memory"
          value={form.max}
          error={errors.max}
          hint="At next boot"
          onChange={(v) => set('max', v)}
        />
        <FormField id={`${id}-balloon`} label="Balloon model">
          <select
            value={form.balloon}
            onChange={(e) => set('balloon', e.target.value as MemoryForm['balloon'])}
          >
            {BALLOON_MODELS.map((m) => (
              <option key={m} value={m}>
                {m === 'none' ? 'None (no balloon)' : m}
              </option>
            ))}
          </select>
        </FormField>
      </FieldRow>
      <fieldset className="hw-fieldset">
        <legend>Hugepages</legend>
        <FieldRow>
          <FormField id={`${id}-hugepages`} label="Page size" error={errors.hugepages}>
            <select value={form.hugepages} onChange={(e) => set('hugepages', e.target.value)}>
              <option value="">None (ordinary pages)</option>
              {pageSizes(view.host).map((s) => (
                <option key={s} value={String(s)}>
                  {pageSizeText(s)}
                </option>
              ))}
            </select>
          </FormField>
        </FieldRow>
        {size !== null && (
          <>
            <ul className="hw-pools" aria-label={`Free ${pageSizeText(size)} pages per host node`}>
              {view.host.nodes.map((n) => {
                const pool = freePages(view.host, n.id, size);
                return (
                  <li key={n.id}>
                    Node {n.id}:{' '}
                    {pool ? `${pool.free} of ${pool.total} free` : `no ${pageSizeText(size)} pool`}
                    {bound && nodes.includes(n.id) && ' (the memory comes from here)'}
                  </li>
                );
              })}
            </ul>
            <p className={shortage ? 'hw-warning' : 'muted'} role="status">
              {shortage ??
                (bound
                  ? 'The memory comes from the nodes its placement binds (Pinning).'
                  : 'The memory comes from any node.')}
            </p>
          </>
        )}
      </fieldset>
      <div className="hw-checks">
        <label className="check">
          <input
            type="checkbox"
            checked={form.locked}
            onChange={(e) => set('locked', e.target.checked)}
          />
          Memory locked (never swapped out)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.nosharepages}
            onChange={(e) => set('nosharepages', e.target.checked)}
          />
          No KSM sharing
        </label>
      </div>
      <SectionFooter
        idBase={id}
        changes={value ? memoryChanges(current, value) : []}
        error={firstError(errors)}
        edited={JSON.stringify(form) !== JSON.stringify(toMemoryForm(current))}
        onReview={() => value && review({ section: 'memory', memory: value })}
        onReset={reset}
      />
    </>
  );
}

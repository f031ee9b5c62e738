// The Hardware tab's Pinning section: a map of the host (NUMA nodes, cores, sibling threads) where
// each pCPU shows this VM's vCPUs placed there and the other VMs pinned there; a tray of this VM's
// vCPUs, emulator and iothreads to drag onto it (or pick and place with the keyboard); "Fit to one
// node"; numatune; the warnings as the user edits (the plan, from main, is the word in the review).
import type { KeyboardEvent, Ref } from 'react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { PinningSettings } from '../../../../../../shared/hardware';
import { pinningWarnings } from '../../../../../../shared/hardwareRules';
import type { PinSlot } from '../../../../../../shared/pinning';
import {
  fitToOneNode,
  slotCpus,
  slotLabel,
  slotsByCpu,
  slotsFor,
  vmsByCpu,
  withSlot,
} from '../../../../../../shared/pinning';
import type { PcpuInfo } from '../../../../../../shared/model';
import { domId } from '../../../../lib/format';
import { firstError } from '../../../../lib/hardware/formRead';
import { pinningChanges, readPinningForm } from '../../../../lib/hardware/pinningForm';
import { CpuMap } from '../../../host/CpuMap';
import { SectionFooter, useSectionDraft } from '../SectionForm';
import type { SectionProps } from '../sectionProps';
import { NAV_KEYS, moveTarget, navGrid, nextCell } from './mapNav';
import { NumaTuneFields } from './NumaTuneFields';
import { PinCell } from './PinCell';
import type { ChipDrag } from './pinDrag';
import { cancelPlacing, createPinTargetStore, useActiveDescendant, usePicked } from './pinTarget';
import { PinTray } from './PinTray';
import './pinning.css';

function slotKey(slot: PinSlot): string {
  return slot.kind === 'emulator' ? 'emulator' : `${slot.kind}:${slot.id}`;
}

/** A vCPU's short mark on a cell ("3"), the emulator's "E", an iothread's "io1". */
function shortMark(label: string): string {
  if (label === 'Emulator') return 'E';
  return label.replace(/^vCPU /, '').replace(/^IOThread /, 'io');
}

const same = (p: PinningSettings): PinningSettings => p;

export function PinningSection({ vmKey, view, review }: SectionProps) {
  const current = view.hardware.pinning;
  const read = (f: PinningSettings): PinningSettings | null => readPinningForm(f).value;
  const { form, setForm, reset } = useSectionDraft(current, same, read);
  const { value, errors } = readPinningForm(form);
  const [fitNote, setFitNote] = useState<string | null>(null);
  // The draft's setter is new each render; the memoised cells' callbacks reach it through a ref.
  const setFormRef = useRef(setForm);
  useLayoutEffect(() => {
    setFormRef.current = setForm;
  });

  const uid = domId('hw', vmKey, 'pinning');
  const [store] = useState(createPinTargetStore);
  const picked = usePicked(store);
  const mapRef = useRef<HTMLDivElement>(null);
  const ghostRef = useRef<HTMLDivElement>(null);
  const markerRef = useRef<HTMLDivElement>(null);
  const chips = useRef(new Map<string, HTMLButtonElement>());
  const lastPlaced = useRef<number | null>(null);

  const cpus: PcpuInfo[] = useMemo(
    () => view.host.cpus.map((c) => ({ ...c, usagePercent: null })),
    [view.host.cpus],
  );
  const grid = useMemo(() => navGrid(cpus), [cpus]);
  const nodes = useMemo(() => grid.map((n) => n.node), [grid]);
  // Keyed on the counts only, so the callbacks the cells get stay the same while pins change.
  const vcpuCount = form.vcpus.length;
  const iothreadCount = form.iothreads.length;
  const slots = useMemo(() => slotsFor(vcpuCount, iothreadCount), [vcpuCount, iothreadCount]);
  const slotOf = useMemo(() => new Map(slots.map((s) => [slotKey(s), s])), [slots]);
  const mine = useMemo(() => slotsByCpu(form), [form]);
  const others = useMemo(() => vmsByCpu(view.host.pins), [view.host.pins]);
  const warnings = useMemo(() => pinningWarnings(form, view.host), [form, view.host]);

  const pin = useCallback(
    (key: string, cpu: number | null) => {
      const slot = slotOf.get(key);
      if (!slot) return;
      setFormRef.current((f) => withSlot(f, slot, cpu === null ? null : [cpu]));
    },
    [slotOf],
  );
  const drag: ChipDrag = useMemo(
    () => ({
      store,
      get ghost() {
        return ghostRef.current;
      },
      get map() {
        return mapRef.current;
      },
      get marker() {
        return markerRef.current;
      },
      drop: pin,
    }),
    [store, pin],
  );

  const pick = useCallback(
    (key: string) => {
      if (store.get().picked === key) {
        cancelPlacing(store);
        return;
      }
      const slot = slotOf.get(key);
      const current = slot ? slotCpus(form, slot) : null;
      // Placing vCPUs one after another: start after the last one placed by keyboard.
      const start =
        lastPlaced.current !== null
          ? nextCell(grid, lastPlaced.current)
          : (current?.[0] ?? nextCell(grid, null));
      store.set({ picked: key, target: start, by: 'keys' });
      mapRef.current?.focus();
    },
    [store, slotOf, form, grid],
  );

  /** Back to the chip after `key` (the next one to place), or the same one at the end. */
  const focusAfter = (key: string, advance: boolean): void => {
    const keys = slots.map(slotKey);
    const i = keys.indexOf(key);
    const next = advance && i + 1 < keys.length ? keys[i + 1]! : key;
    chips.current.get(next)?.focus();
  };

  const onMapKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const { picked: key, target } = store.get();
    if (key === null) return;
    const dir = NAV_KEYS[e.key];
    if (dir) {
      e.preventDefault();
      store.set({ target: target === null ? nextCell(grid, null) : moveTarget(grid, target, dir) });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (target === null) return;
      pin(key, target);
      lastPlaced.current = target;
      cancelPlacing(store);
      focusAfter(key, true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      cancelPlacing(store);
      focusAfter(key, false);
    }
  };

  const choose = useCallback(
    (cpu: number) => {
      const key = store.get().picked;
      if (key === null) return;
      pin(key, cpu);
      cancelPlacing(store);
    },
    [store, pin],
  );

  const chipRef = useCallback(
    (key: string): Ref<HTMLButtonElement> =>
      (el) => {
        if (el) chips.current.set(key, el);
        else chips.current.delete(key);
      },
    [],
  );

  const fit = (): void => {
    const threads = view.hardware.cpu.topology?.threads ?? 1;
    const own = [...(form.emulator ?? []), ...form.iothreads.flatMap((c) => c ?? [])];
    const result = fitToOneNode(view.host.cpus, form.vcpus.length, view.host.pins, threads, own);
    if (!result.proposal) {
      setFitNote(result.reason);
      return;
    }
    const { proposal } = result;
    setForm((f) => ({ ...f, vcpus: proposal.vcpus, numatune: proposal.numatune }));
    setFitNote(
      `Proposed: ${proposal.vcpus.length} vCPUs on node ${proposal.node}` +
        `${threads >= 2 ? ', sibling threads paired' : ', a core each first'}; memory strict on node ${proposal.node}.`,
    );
  };

  const cell = (cpu: PcpuInfo) => {
    const here = mine.get(cpu.id) ?? [];
    const vms = others.get(cpu.id) ?? [];
    return (
      <PinCell
        cpu={cpu.id}
        id={`${uid}-cpu-${cpu.id}`}
        mine={here.join(', ')}
        mineShort={here.map(shortMark).join(' ')}
        others={vms.map((v) => `${v.name} (${v.running ? 'running' : 'shut off'})`).join(', ')}
        othersRunning={vms.some((v) => v.running)}
        otherCount={vms.length}
        store={store}
        onChoose={choose}
      />
    );
  };

  useActiveDescendant(store, mapRef, uid);

  return (
    <div className="pin-section">
      <p className="muted">
        Drag a vCPU onto a host CPU, or pick it with Enter, move with the arrow keys and press Enter
        to pin it (Escape cancels). Delete on a chip unpins it.
      </p>
      <PinTray
        chips={slots.map((s) => ({
          key: slotKey(s),
          label: slotLabel(s),
          cpus: slotCpus(form, s),
        }))}
        picked={picked}
        drag={drag}
        chipRef={chipRef}
        onPick={pick}
        onUnpin={(key) => pin(key, null)}
      />
      <CpuMap
        cpus={cpus}
        label="Host CPUs"
        cell={cell}
        mapProps={{
          ref: mapRef,
          className: `pin-map${picked !== null ? ' is-placing' : ''}`,
          tabIndex: picked !== null ? 0 : -1,
          onKeyDown: onMapKey,
          onBlur: (e) => {
            // Leaving the map by Tab or a click elsewhere ends a keyboard placement.
            if (store.get().by === 'keys' && !e.currentTarget.contains(e.relatedTarget as Node))
              cancelPlacing(store);
          },
        }}
      />
      {/* In <body>: position fixed must not be taken relative to a transformed ancestor. */}
      {createPortal(
        <>
          <div className="pin-marker" ref={markerRef} hidden aria-hidden="true" />
          <div className="pin-ghost pin-chip" ref={ghostRef} hidden aria-hidden="true" />
        </>,
        document.body,
      )}
      <div className="pin-actions">
        <button type="button" className="btn" onClick={fit}>
          Fit to one node
        </button>
        <button
          type="button"
          className="btn"
          disabled={form.vcpus.every((c) => c === null) && form.emulator === null}
          onClick={() =>
            setForm((f) => ({
              ...f,
              vcpus: f.vcpus.map(() => null),
              emulator: null,
              iothreads: f.iothreads.map(() => null),
            }))
          }
        >
          Unpin all
        </button>
      </div>
      {fitNote && (
        <p className="pin-fit-note" role="status">
          {fitNote}
        </p>
      )}
      <NumaTuneFields
        idPrefix={uid}
        nodes={nodes}
        value={form.numatune}
        error={errors.numatune}
        onChange={(numatune) => setForm((f) => ({ ...f, numatune }))}
      />
      {warnings.length > 0 && (
        <ul className="pin-warnings" aria-label="Pinning warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <SectionFooter
        idBase={uid}
        changes={value ? pinningChanges(current, value) : []}
        error={firstError(errors)}
        edited={JSON.stringify(form) !== JSON.stringify(current)}
        onReview={() => value && review({ section: 'pinning', pinning: value })}
        onReset={() => {
          reset();
          setFitNote(null);
        }}
      />
    </div>
  );
}

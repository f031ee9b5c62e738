// The Memory section's form: the balloon target (live) and the maximum (next boot) typed with a
// unit, hugepages of a size (the free pages of the host nodes the memory comes from are
// shared/hardwareRules' to weigh), locked memory, no KSM sharing, and the balloon model.
import type { BalloonModel, HardwareHostFacts, MemorySettings } from '../../../../shared/hardware';
import { parseSize } from '../../../../shared/storage';
import { pageSizeText } from '../../../../shared/tuning';
import { LIMITS } from '../../../../shared/validation/limits';
import { formatKiB } from '../format';
import type { FormRead } from './formRead';
import { changed, formRead } from './formRead';

/** A size as typed: the number and its unit (the shape SizeField edits). */
export interface TypedSize {
  amount: string;
  unit: 'MiB' | 'GiB' | 'TiB';
}

export interface MemoryForm {
  current: TypedSize;
  max: TypedSize;
  /** '' for ordinary pages, else the page size in KiB. */
  hugepages: string;
  /** <page nodeset>: the guest NUMA nodes the pages back; kept as the VM has it (the host nodes
   * the memory comes from are the pinning's memory placement). */
  hugeNodes: number[];
  locked: boolean;
  nosharepages: boolean;
  balloon: BalloonModel;
}

export type MemoryField = 'current' | 'max' | 'hugepages';

export const BALLOON_MODELS: readonly BalloonModel[] = [
  'virtio',
  'virtio-transitional',
  'virtio-non-transitional',
  'none',
];

const GiB = 1024 * 1024;
/** The page sizes offered even when the host has no pool of them yet. */
const COMMON_PAGES = [2048, GiB];

export function typedSize(kib: number): TypedSize {
  if (kib % GiB === 0) return { amount: String(kib / GiB), unit: 'GiB' };
  return { amount: String(Math.round((kib / 1024) * 100) / 100), unit: 'MiB' };
}

export function toMemoryForm(s: MemorySettings): MemoryForm {
  return {
    current: typedSize(s.currentKiB),
    max: typedSize(s.maxKiB),
    hugepages: s.hugepages ? String(s.hugepages.sizeKiB) : '',
    hugeNodes: s.hugepages?.nodeset ?? [],
    locked: s.locked,
    nosharepages: s.nosharepages,
    balloon: s.balloon,
  };
}

/** The page sizes to offer: the host's pools and the common ones, ascending. */
export function pageSizes(host: Pick<HardwareHostFacts, 'nodes'>): number[] {
  const sizes = new Set(COMMON_PAGES);
  for (const n of host.nodes) for (const p of n.hugepages) sizes.add(p.sizeKiB);
  return [...sizes].sort((a, b) => a - b);
}

function readSize(t: TypedSize, label: string): { kib: number } | { error: string } {
  const bytes = parseSize(t.amount, t.unit);
  if (bytes === null) return { error: `${label} must be a size like 2048 MiB or 4 GiB.` };
  const kib = Math.floor(bytes / 1024);
  if (kib < LIMITS.memoryMiBMin * 1024)
    return { error: `${label} must be at least ${LIMITS.memoryMiBMin} MiB.` };
  if (kib > LIMITS.memoryMiBMax * 1024)
    return { error: `${label} can be at most ${formatKiB(LIMITS.memoryMiBMax * 1024)}.` };
  return { kib };
}

/** Reads the form against the settings it started from (a VM without a balloon keeps its
 * current memory). */
export function readMemoryForm(
  f: MemoryForm,
  before: MemorySettings,
): FormRead<MemorySettings, MemoryField> {
  const errors: Partial<Record<MemoryField, string>> = {};
  const cur = readSize(f.current, 'Current memory');
  const max = readSize(f.max, 'Maximum memory');
  if ('error' in cur) errors.current = cur.error;
  if ('error' in max) errors.max = max.error;
  if ('kib' in cur && 'kib' in max && cur.kib > max.kib)
    errors.current = `Current memory (${formatKiB(cur.kib)}) cannot exceed the maximum (${formatKiB(max.kib)}).`;
  if ('kib' in cur && f.balloon === 'none' && cur.kib !== before.currentKiB)
    errors.current = 'Without a balloon the current memory cannot change.';
  const size = f.hugepages === '' ? null : Number(f.hugepages);
  if ('kib' in max && size !== null && max.kib % size !== 0)
    errors.hugepages = `Maximum memory must be a whole number of ${pageSizeText(size)} pages.`;
  return formRead(errors, () => ({
    currentKiB: 'kib' in cur ? cur.kib : 0,
    maxKiB: 'kib' in max ? max.kib : 0,
    hugepages:
      size === null
        ? null
        : {
            sizeKiB: size,
            nodeset: f.hugeNodes.length === 0 ? null : [...f.hugeNodes].sort((a, b) => a - b),
          },
    locked: f.locked,
    nosharepages: f.nosharepages,
    balloon: f.balloon,
  }));
}

/** Free pages of the size on a node: null when the node has no pool of that size. */
export function freePages(
  host: Pick<HardwareHostFacts, 'nodes'>,
  node: number,
  sizeKiB: number,
): { free: number; total: number } | null {
  const pool = host.nodes.find((n) => n.id === node)?.hugepages.find((p) => p.sizeKiB === sizeKiB);
  return pool ? { free: pool.free, total: pool.total } : null;
}

function hugeText(s: MemorySettings): string {
  const hp = s.hugepages;
  if (hp === null) return 'none';
  const from = hp.nodeset
    ? ` for guest node${hp.nodeset.length === 1 ? '' : 's'} ${hp.nodeset.join(', ')}`
    : '';
  return `${pageSizeText(hp.sizeKiB)}${from}`;
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** Two sizes in words; exact KiB when rounding would make different sizes read the same. */
function sizes(label: string, before: number, after: number): string[] {
  if (before === after) return [];
  const a = formatKiB(before);
  const b = formatKiB(after);
  return a === b ? [`${label}: ${before} KiB → ${after} KiB`] : [`${label}: ${a} → ${b}`];
}

export function memoryChanges(before: MemorySettings, after: MemorySettings): string[] {
  return [
    ...sizes('Current memory', before.currentKiB, after.currentKiB),
    ...sizes('Maximum memory', before.maxKiB, after.maxKiB),
    ...changed('Hugepages', hugeText(before), hugeText(after)),
    ...changed('Memory locked', yesNo(before.locked), yesNo(after.locked)),
    ...changed('No KSM sharing', yesNo(before.nosharepages), yesNo(after.nosharepages)),
    ...changed('Balloon', before.balloon, after.balloon),
  ];
}

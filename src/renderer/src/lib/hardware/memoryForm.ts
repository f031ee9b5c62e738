// The Memory section's form: the balloon target (live) and the maximum (next boot) typed with a
// unit, hugepages of a size from chosen nodes (with the host's free pages per node beside them),
// locked memory, no KSM sharing, and the balloon model.
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
  /** The nodes the pages come from; empty = any node. */
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

/** Whether the chosen nodes hold enough free pages for the memory, in words; null when they do
 * (or when ordinary pages are chosen). Pages the VM holds already (it runs on them) count free. */
export function hugepageShortage(
  host: Pick<HardwareHostFacts, 'nodes'>,
  settings: Pick<MemorySettings, 'maxKiB' | 'hugepages'>,
): string | null {
  const hp = settings.hugepages;
  if (hp === null) return null;
  const needed = Math.ceil(settings.maxKiB / hp.sizeKiB);
  const nodes = hp.nodeset ?? host.nodes.map((n) => n.id);
  const free = nodes.reduce((sum, n) => sum + (freePages(host, n, hp.sizeKiB)?.free ?? 0), 0);
  if (free >= needed) return null;
  const where = hp.nodeset
    ? `node${nodes.length === 1 ? '' : 's'} ${nodes.join(', ')}`
    : 'the host';
  return `Needs ${needed} pages of ${pageSizeText(hp.sizeKiB)}; ${where} ${nodes.length === 1 || !hp.nodeset ? 'has' : 'have'} ${free} free.`;
}

function hugeText(s: MemorySettings): string {
  const hp = s.hugepages;
  if (hp === null) return 'none';
  const from = hp.nodeset
    ? ` from node${hp.nodeset.length === 1 ? '' : 's'} ${hp.nodeset.join(', ')}`
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

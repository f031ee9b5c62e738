// The keyboard's way over the pinning map: the pCPUs in the order the map shows them (node by node,
// core by core, a core's threads side by side) and which one an arrow key leads to. Left/right stay
// within a node; up/down move a row (the map shows CORES_PER_ROW cores a row) and cross to the next
// or previous node at its edge. Pure, so it is tested without a page.
import type { PcpuInfo } from '../../../../../../shared/model';
import { cpuMapLayout } from '../../../../../../shared/tuning';

/** Cores per row of a node on the map (components/host/cpuMap.css, .cpu-cores). */
export const CORES_PER_ROW = 4;

export interface NavNode {
  node: number;
  /** CPU ids in the order shown. */
  cells: number[];
  /** Cells per row. */
  rowLen: number;
}

export type NavKey = 'left' | 'right' | 'up' | 'down';

export const NAV_KEYS: Readonly<Record<string, NavKey>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export function navGrid(cpus: readonly PcpuInfo[]): NavNode[] {
  return cpuMapLayout(cpus).map((n) => ({
    node: n.node,
    cells: n.cores.flatMap((c) => c.cpus.map((cpu) => cpu.id)),
    rowLen: CORES_PER_ROW * Math.max(1, ...n.cores.map((c) => c.cpus.length)),
  }));
}

/** The cell after `cpu` in the map's order (the first again after the last); the first cell when
 * `cpu` is null. */
export function nextCell(grid: readonly NavNode[], cpu: number | null): number | null {
  const all = grid.flatMap((n) => n.cells);
  if (all.length === 0) return null;
  const i = cpu === null ? -1 : all.indexOf(cpu);
  return all[(i + 1) % all.length]!;
}

export function moveTarget(grid: readonly NavNode[], cpu: number, key: NavKey): number {
  const ni = grid.findIndex((n) => n.cells.includes(cpu));
  if (ni < 0) return grid[0]?.cells[0] ?? cpu;
  const { cells, rowLen } = grid[ni]!;
  const i = cells.indexOf(cpu);
  const col = i % rowLen;
  if (key === 'left') return cells[Math.max(0, i - 1)]!;
  if (key === 'right') return cells[Math.min(cells.length - 1, i + 1)]!;
  if (key === 'up') {
    if (i - rowLen >= 0) return cells[i - rowLen]!;
    const prev = grid[ni - 1];
    if (!prev) return cpu;
    const lastRow = Math.floor((prev.cells.length - 1) / prev.rowLen) * prev.rowLen;
    return prev.cells[Math.min(prev.cells.length - 1, lastRow + col)]!;
  }
  if (i + rowLen < cells.length) return cells[i + rowLen]!;
  const next = grid[ni + 1];
  if (!next) return cpu;
  return next.cells[Math.min(next.cells.length - 1, col)]!;
}

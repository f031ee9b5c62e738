// Arrow keys over the pinning map: left/right within a node, up/down by rows and across nodes, in
// the order the map shows sim2's pCPUs (each core's two sibling threads side by side).
import { describe, expect, it } from 'vitest';
import {
  moveTarget,
  navGrid,
  nextCell,
} from '../../../src/renderer/src/components/vm/hardware/pinning/mapNav';
import { pcpusOf } from '../../../src/shared/tuning';
import { hardwareFor } from '../../../src/main/drivers/simulated/hardware';

const grid = navGrid(pcpusOf(hardwareFor('sim2')).map((c) => ({ ...c, usagePercent: null })));

describe('pinning map navigation', () => {
  it('orders cells core by core with siblings side by side, 4 cores (8 cells) a row', () => {
    expect(grid.map((n) => n.node)).toEqual([0, 1]);
    expect(grid[1]!.cells.slice(0, 6)).toEqual([16, 48, 17, 49, 18, 50]);
    expect(grid[1]!.rowLen).toBe(8);
  });

  it('moves left and right within a node only', () => {
    expect(moveTarget(grid, 16, 'right')).toBe(48);
    expect(moveTarget(grid, 48, 'left')).toBe(16);
    expect(moveTarget(grid, 16, 'left')).toBe(16);
    expect(moveTarget(grid, 47, 'right')).toBe(47);
  });

  it('moves up and down by rows, crossing to the neighbour node at the edge', () => {
    expect(moveTarget(grid, 0, 'down')).toBe(4);
    // Node 0's last row, second cell (CPU 44, sibling of 12) → node 1's first row, second cell.
    expect(moveTarget(grid, 44, 'down')).toBe(48);
    expect(moveTarget(grid, 48, 'up')).toBe(44);
    expect(moveTarget(grid, 0, 'up')).toBe(0);
    expect(moveTarget(grid, 63, 'down')).toBe(63);
  });

  it('gives the next cell after the last one used, wrapping at the end', () => {
    expect(nextCell(grid, null)).toBe(0);
    expect(nextCell(grid, 16)).toBe(48);
    expect(nextCell(grid, 63)).toBe(0);
  });
});

// The WAI-ARIA tree keys, once for every tree (Hosts and VMs, snapshots): what a key does to the
// row that has focus. Each tree applies the effect to its own state.

export type TreeKeyEffect =
  | { kind: 'move'; index: number }
  | { kind: 'expand'; open: boolean }
  | { kind: 'activate' }
  | { kind: 'delete' }
  /** A tree key that has nothing to do here (Right on a leaf): still not the page's. */
  | { kind: 'none' };

export interface TreeKeyRow {
  /** The focused row's index among the visible rows. */
  current: number;
  count: number;
  /** Whether the row is open; null for a row that cannot open. */
  expanded: boolean | null;
  /** The row below is this row's first child. */
  childBelow: boolean;
  parentIndex: number | null;
  /** Rows PageUp/PageDown move by; null where the tree does not page. */
  pageRows: number | null;
}

/** The effect of `key` on the focused row, or null when the key is not a tree key. */
export function treeKeyEffect(key: string, row: TreeKeyRow): TreeKeyEffect | null {
  const move = (index: number): TreeKeyEffect => ({
    kind: 'move',
    index: Math.max(0, Math.min(row.count - 1, index)),
  });
  const none: TreeKeyEffect = { kind: 'none' };
  switch (key) {
    case 'ArrowDown':
      return move(row.current + 1);
    case 'ArrowUp':
      return move(row.current - 1);
    case 'PageDown':
      return row.pageRows === null ? null : move(row.current + row.pageRows);
    case 'PageUp':
      return row.pageRows === null ? null : move(row.current - row.pageRows);
    case 'Home':
      return move(0);
    case 'End':
      return move(row.count - 1);
    case 'ArrowRight':
      if (row.expanded === false) return { kind: 'expand', open: true };
      return row.expanded && row.childBelow ? move(row.current + 1) : none;
    case 'ArrowLeft':
      if (row.expanded === true) return { kind: 'expand', open: false };
      return row.parentIndex === null ? none : move(row.parentIndex);
    case 'Enter':
    case ' ':
      return { kind: 'activate' };
    case 'Delete':
      return { kind: 'delete' };
    default:
      return null;
  }
}

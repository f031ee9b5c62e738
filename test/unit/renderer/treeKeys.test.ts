import { describe, expect, it } from 'vitest';
import type { TreeKeyRow } from '../../../src/renderer/src/lib/treeKeys';
import { treeKeyEffect } from '../../../src/renderer/src/lib/treeKeys';

// A leaf in the middle of a 10-row tree, its parent two rows up; the tree pages by 4.
const leaf: TreeKeyRow = {
  current: 5,
  count: 10,
  expanded: null,
  childBelow: false,
  parentIndex: 3,
  pageRows: 4,
};

describe('treeKeyEffect', () => {
  it.each([
    ['ArrowDown', 6],
    ['ArrowUp', 4],
    ['PageDown', 9],
    ['PageUp', 1],
    ['Home', 0],
    ['End', 9],
    ['ArrowLeft', 3],
  ])('%s moves from row 5 to row %i', (key, index) => {
    expect(treeKeyEffect(key, leaf)).toEqual({ kind: 'move', index });
  });

  it('stays inside the tree at either end', () => {
    expect(treeKeyEffect('ArrowDown', { ...leaf, current: 9 })).toEqual({ kind: 'move', index: 9 });
    expect(treeKeyEffect('ArrowUp', { ...leaf, current: 0 })).toEqual({ kind: 'move', index: 0 });
    expect(treeKeyEffect('PageDown', { ...leaf, current: 8 })).toEqual({ kind: 'move', index: 9 });
    expect(treeKeyEffect('PageUp', { ...leaf, current: 2 })).toEqual({ kind: 'move', index: 0 });
  });

  it('opens a closed row, enters an open one, closes it on the way back', () => {
    const closed = { ...leaf, expanded: false, parentIndex: null };
    expect(treeKeyEffect('ArrowRight', closed)).toEqual({ kind: 'expand', open: true });
    const open = { ...closed, expanded: true, childBelow: true };
    expect(treeKeyEffect('ArrowRight', open)).toEqual({ kind: 'move', index: 6 });
    expect(treeKeyEffect('ArrowLeft', open)).toEqual({ kind: 'expand', open: false });
    // Open with nothing to show, a top-level row closed, a leaf: the key is the tree's, no effect.
    expect(treeKeyEffect('ArrowRight', { ...open, childBelow: false })).toEqual({ kind: 'none' });
    expect(treeKeyEffect('ArrowLeft', closed)).toEqual({ kind: 'none' });
    expect(treeKeyEffect('ArrowRight', leaf)).toEqual({ kind: 'none' });
  });

  it('activates on Enter and Space, asks to delete on Delete, leaves other keys alone', () => {
    expect(treeKeyEffect('Enter', leaf)).toEqual({ kind: 'activate' });
    expect(treeKeyEffect(' ', leaf)).toEqual({ kind: 'activate' });
    expect(treeKeyEffect('Delete', leaf)).toEqual({ kind: 'delete' });
    expect(treeKeyEffect('a', leaf)).toBeNull();
    expect(treeKeyEffect('Tab', leaf)).toBeNull();
  });

  it('leaves PageUp/PageDown to the page in a tree that does not page', () => {
    expect(treeKeyEffect('PageDown', { ...leaf, pageRows: null })).toBeNull();
    expect(treeKeyEffect('PageUp', { ...leaf, pageRows: null })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { SnapshotLink } from '../../../src/shared/snapshots';
import {
  checkNewSnapshotName,
  checkSnapshotDescription,
  checkSnapshotRef,
  defaultSnapshotName,
  descendantsOf,
  planDelete,
  snapshotVmState,
  treeRows,
} from '../../../src/shared/snapshots';

// a ─ b ─ c
//   │   └ d
//   └ e
// f
const TREE: SnapshotLink[] = [
  { name: 'a', parent: null },
  { name: 'b', parent: 'a' },
  { name: 'c', parent: 'b' },
  { name: 'e', parent: 'a' },
  { name: 'd', parent: 'b' },
  { name: 'f', parent: null },
];

const rows = (list: readonly SnapshotLink[]) =>
  treeRows(list).map((r) => `${'-'.repeat(r.level - 1)}${r.snapshot.name}`);

describe('snapshot tree', () => {
  it('lists depth first, children under their parent in list order, with levels', () => {
    expect(rows(TREE)).toEqual(['a', '-b', '--c', '--d', '-e', 'f']);
    const byName = new Map(treeRows(TREE).map((r) => [r.snapshot.name, r]));
    expect(byName.get('d')).toMatchObject({ level: 3, ancestors: ['b', 'a'], childCount: 0 });
    expect(byName.get('a')?.childCount).toBe(2);
  });

  it('shows a snapshot whose parent is missing, or caught in a cycle, as a root, once', () => {
    expect(
      rows([
        { name: 'x', parent: 'gone' },
        { name: 'y', parent: 'x' },
      ]),
    ).toEqual(['x', '-y']);
    const cycle = [
      { name: 'p', parent: 'q' },
      { name: 'q', parent: 'p' },
    ];
    expect(rows(cycle)).toEqual(['p', '-q']);
    expect(rows([{ name: 's', parent: 's' }])).toEqual(['s']);
  });

  it('collects descendants depth first', () => {
    expect(descendantsOf(TREE, 'a')).toEqual(['b', 'c', 'd', 'e']);
    expect(descendantsOf(TREE, 'b')).toEqual(['c', 'd']);
    expect(descendantsOf(TREE, 'f')).toEqual([]);
    expect(descendantsOf(TREE, 'nope')).toEqual([]);
  });
});

describe('planDelete', () => {
  it('one: removes only the snapshot and moves its children up to its parent', () => {
    expect(planDelete(TREE, 'b', 'one', 'c')).toEqual({
      deleted: ['b'],
      reparented: [
        { name: 'c', parent: 'a' },
        { name: 'd', parent: 'a' },
      ],
      current: 'c',
    });
    // A root's children become roots.
    expect(planDelete(TREE, 'a', 'one', null).reparented).toEqual([
      { name: 'b', parent: null },
      { name: 'e', parent: null },
    ]);
  });

  it('subtree: removes the snapshot and everything below it', () => {
    expect(planDelete(TREE, 'b', 'subtree', 'e')).toEqual({
      deleted: ['b', 'c', 'd'],
      reparented: [],
      current: 'e',
    });
  });

  it('children-only: removes what is below and keeps the snapshot', () => {
    expect(planDelete(TREE, 'a', 'children-only', null)).toEqual({
      deleted: ['b', 'c', 'd', 'e'],
      reparented: [],
      current: null,
    });
    expect(planDelete(TREE, 'f', 'children-only', 'f').deleted).toEqual([]);
  });

  it('hands "current" to the nearest snapshot that stays above the deleted one', () => {
    expect(planDelete(TREE, 'c', 'one', 'c').current).toBe('b');
    expect(planDelete(TREE, 'b', 'subtree', 'd').current).toBe('a');
    expect(planDelete(TREE, 'b', 'children-only', 'd').current).toBe('b');
    expect(planDelete(TREE, 'a', 'subtree', 'c').current).toBeNull();
    expect(planDelete(TREE, 'f', 'one', 'f').current).toBeNull();
  });

  it('plans nothing for a name that is not there', () => {
    expect(planDelete(TREE, 'zz', 'subtree', 'a')).toEqual({
      deleted: [],
      reparented: [],
      current: 'a',
    });
  });
});

describe('snapshot names, descriptions and states', () => {
  it('checks a new name with the name rules and against the names in use', () => {
    expect(checkNewSnapshotName('s1', TREE, 'web-01')).toBeNull();
    expect(checkNewSnapshotName('a', TREE, 'web-01')).toBe(
      'A snapshot named a already exists for web-01.',
    );
    expect(checkNewSnapshotName('', TREE, 'web-01')).toMatch(/required/);
    expect(checkNewSnapshotName('$(reboot)', TREE, 'web-01')).toMatch(/may not contain/);
  });

  it('accepts every existing name libvirt could make, refuses what none can hold', () => {
    for (const name of ['before upgrade', '-rf', '--all', 's1\tb', ' lead', 'trail ', "q'$(id)`;#"])
      expect(checkSnapshotRef(name)).toBeNull();
    expect(checkSnapshotRef('a/b')).toMatch(/'\/'/);
    expect(checkSnapshotRef('a\nb')).toMatch(/line break/);
    expect(checkSnapshotRef('')).toMatch(/required/);
  });

  it('allows line breaks and tabs in a description, not other control characters', () => {
    expect(checkSnapshotDescription('line 1\n\tline 2')).toBeNull();
    expect(checkSnapshotDescription('bell\u0007')).toMatch(/control/);
    expect(checkSnapshotDescription('x'.repeat(4097))).toMatch(/4096/);
  });

  it('names a default snapshot after the local time, unique among the VM’s snapshots', () => {
    const at = new Date(2024, 0, 31, 9, 42);
    expect(defaultSnapshotName(at, [])).toBe('snap-20240131-0942');
    const taken = [
      { name: 'snap-20240131-0942', parent: null },
      { name: 'snap-20240131-0942-2', parent: null },
    ];
    expect(defaultSnapshotName(at, taken)).toBe('snap-20240131-0942-3');
    expect(defaultSnapshotName(at, [], 'pre-revert')).toBe('pre-revert-20240131-0942');
  });

  it('reads libvirt snapshot states as VM states', () => {
    expect(snapshotVmState('running')).toBe('running');
    expect(snapshotVmState('paused')).toBe('paused');
    expect(snapshotVmState('disk-snapshot')).toBe('running');
    expect(snapshotVmState('shutoff')).toBe('shutoff');
    expect(snapshotVmState(undefined)).toBe('shutoff');
    expect(snapshotVmState('weird')).toBe('shutoff');
  });
});

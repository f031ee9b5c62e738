// The snapshot tree: WAI-ARIA tree with a roving tabindex, keys as in the Hosts and VMs tree
// (Up/Down, Home/End, Right/Left to open, close or go to the parent, Enter/Space to select,
// Delete to ask). Each item is named by the snapshot alone; the current mark, description,
// creation time, state and size are its description, and visible columns beside it.
import type { KeyboardEvent } from 'react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Snapshot } from '../../../../../shared/model';
import type { TreeRow } from '../../../../../shared/snapshots';
import { treeRows } from '../../../../../shared/snapshots';
import { domId, formatBytes } from '../../../lib/format';
import { treeKeyEffect } from '../../../lib/treeKeys';
import { createdText, snapshotStateText } from './snapshotText';
import { ShownName } from '../../common/ShownName';

interface Props {
  vmName: string;
  idBase: string;
  list: readonly Snapshot[];
  selected: string | null;
  busy: boolean;
  onSelect(name: string): void;
  onDeleteKey(name: string): void;
}

interface Row extends TreeRow<Snapshot> {
  setsize: number;
  posinset: number;
}

function withPositions(rows: TreeRow<Snapshot>[]): Row[] {
  const counts = new Map<string, number>();
  const parentOf = (r: TreeRow<Snapshot>) => r.ancestors[0] ?? '';
  for (const r of rows) counts.set(parentOf(r), (counts.get(parentOf(r)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const p = parentOf(r);
    const posinset = (seen.get(p) ?? 0) + 1;
    seen.set(p, posinset);
    return { ...r, setsize: counts.get(p) ?? 1, posinset };
  });
}

export function SnapshotTree(props: Props) {
  const { vmName, idBase, list, selected, busy, onSelect, onDeleteKey } = props;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);

  const all = useMemo(() => withPositions(treeRows(list)), [list]);
  const rows = useMemo(
    () => all.filter((r) => !r.ancestors.some((a) => collapsed.has(a))),
    [all, collapsed],
  );
  const names = rows.map((r) => r.snapshot.name);
  const focusName =
    [focused, selected].find((n) => n !== null && names.includes(n)) ?? names[0] ?? null;

  useLayoutEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    const el = treeRef.current?.querySelector<HTMLElement>('[tabindex="0"]');
    el?.focus();
  }, [focusName]);

  const setOpen = (name: string, open: boolean): void =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (open) next.delete(name);
      else next.add(name);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const current = rows.findIndex((r) => r.snapshot.name === focusName);
    const row = rows[current];
    if (!row) return;
    const name = row.snapshot.name;
    const parent = row.ancestors[0];
    const effect = treeKeyEffect(e.key, {
      current,
      count: rows.length,
      expanded: row.childCount > 0 ? !collapsed.has(name) : null,
      // An open snapshot's children follow it directly.
      childBelow: true,
      parentIndex: parent === undefined ? null : names.indexOf(parent),
      pageRows: null,
    });
    if (!effect) return;
    e.preventDefault();
    if (effect.kind === 'move') {
      const target = rows[effect.index];
      if (!target || target.snapshot.name === focusName) return;
      wantFocus.current = true;
      setFocused(target.snapshot.name);
    } else if (effect.kind === 'expand') {
      setOpen(name, effect.open);
    } else if (effect.kind === 'activate') {
      onSelect(name);
    } else if (effect.kind === 'delete') {
      onDeleteKey(name);
    }
  };

  return (
    <div className="snap-table">
      <div className="snap-row snap-head" aria-hidden="true">
        <span>Name</span>
        <span>Description</span>
        <span>Created</span>
        <span>State</span>
        <span className="num">Size</span>
      </div>
      <div
        ref={treeRef}
        role="tree"
        aria-label={`Snapshots of ${vmName}`}
        aria-busy={busy || undefined}
        className="snap-tree"
        onKeyDown={onKeyDown}
      >
        {rows.map((row) => {
          const s = row.snapshot;
          const id = `${idBase}-${domId(s.name)}`;
          const described = [
            s.isCurrent && `${id}-current`,
            s.description && `${id}-desc`,
            `${id}-created`,
            `${id}-state`,
            s.sizeBytes !== null && `${id}-size`,
          ].filter(Boolean);
          const isSelected = s.name === selected;
          return (
            <div
              key={s.name}
              role="treeitem"
              aria-level={row.level}
              aria-setsize={row.setsize}
              aria-posinset={row.posinset}
              aria-expanded={row.childCount > 0 ? !collapsed.has(s.name) : undefined}
              aria-selected={isSelected}
              aria-label={s.name}
              aria-describedby={described.join(' ')}
              tabIndex={s.name === focusName ? 0 : -1}
              className={`snap-row${isSelected ? ' is-selected' : ''}${s.isCurrent ? ' is-current' : ''}`}
              onClick={() => {
                setFocused(s.name);
                onSelect(s.name);
              }}
              onFocus={() => setFocused(s.name)}
            >
              <span className="snap-name" style={{ paddingLeft: (row.level - 1) * 18 }}>
                <span
                  className="snap-twisty"
                  aria-hidden="true"
                  onClick={(e) => {
                    if (row.childCount === 0) return;
                    e.stopPropagation();
                    setOpen(s.name, collapsed.has(s.name));
                  }}
                >
                  {row.childCount === 0 ? '' : collapsed.has(s.name) ? '▸' : '▾'}
                </span>
                <span
                  className={`snap-icon${s.hasMemory ? ' has-memory' : ''}`}
                  aria-hidden="true"
                />
                <span className="snap-label" title={s.name}>
                  <ShownName name={s.name} />
                </span>
                {s.readOnly && (
                  <span className="snap-current" title={s.readOnly}>
                    read-only
                  </span>
                )}
                {s.isCurrent && (
                  <span className="snap-current" id={`${id}-current`}>
                    current
                  </span>
                )}
              </span>
              <span className={`snap-desc${s.description ? '' : ' muted'}`} id={`${id}-desc`}>
                {s.description || 'No description'}
              </span>
              <span id={`${id}-created`}>{createdText(s)}</span>
              <span id={`${id}-state`}>{snapshotStateText(s)}</span>
              <span className="num" id={`${id}-size`}>
                {s.sizeBytes === null ? '—' : formatBytes(s.sizeBytes)}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

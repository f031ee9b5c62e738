// The Hosts and VMs tree: WAI-ARIA tree pattern with a roving tabindex, virtualized so 1,000+ VMs
// stay fluid. Only the rows near the viewport are in the DOM (plus the focusable one, so Tab and
// screen readers always find it, and a VM being dragged, so its drag ends where it began); a sized
// container stands in for the rest.
import type { KeyboardEvent } from 'react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { markTreeShown } from '../../lib/readyMark';
import { treeKeyEffect } from '../../lib/treeKeys';
import { useAppStore } from '../../store/appStore';
import { useDragStore } from '../../store/dragStore';
import { requestSelect } from '../../store/navigation';
import { ROW_HEIGHT, TreeItem } from './TreeItem';
import type { TreeRow } from './treeRows';
import { buildTree } from './treeRows';
import { scrollRowIntoView, useVirtualWindow } from './useVirtualWindow';

const OVERSCAN = 10;

export function HostTree() {
  const hostOrder = useAppStore((s) => s.hostOrder);
  const hosts = useAppStore((s) => s.hosts);
  const vmOrder = useAppStore((s) => s.vmOrder);
  const vms = useAppStore((s) => s.vms);
  const collapsed = useAppStore((s) => s.collapsed);
  const search = useAppStore((s) => s.search);
  const loaded = useAppStore((s) => s.loaded);
  const selection = useAppStore((s) => s.selection);
  const treeFocus = useAppStore((s) => s.treeFocus);
  const inflight = useAppStore((s) => s.inflight);
  const dragging = useDragStore((s) => s.vmKey);
  const dropHost = useDragStore((s) => s.overHostId);
  const dropRefused = useDragStore((s) => s.refusal !== null);

  const tree = useMemo(
    () => buildTree(hostOrder, hosts, vmOrder, vms, collapsed, search),
    [hostOrder, hosts, vmOrder, vms, collapsed, search],
  );
  const { rows, indexById } = tree;

  const scrollRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const { start, end } = useVirtualWindow(scrollRef, rows.length, ROW_HEIGHT, OVERSCAN);

  const selectedId =
    selection === null ? null : selection.kind === 'host' ? selection.hostId : selection.key;
  const focusIndex =
    rows.length === 0
      ? -1
      : (indexById.get(treeFocus ?? '') ?? indexById.get(selectedId ?? '') ?? 0);

  // Keep the focusable row in view and, after a key press, give it DOM focus.
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || focusIndex < 0) return;
    scrollRowIntoView(scroller, focusIndex, ROW_HEIGHT);
    if (wantFocus.current) {
      wantFocus.current = false;
      const el = treeRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
      el?.focus({ preventScroll: true });
    }
  }, [focusIndex, treeFocus]);

  useEffect(() => {
    if (loaded) markTreeShown();
  }, [loaded]);

  const activate = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      requestSelect(
        row.kind === 'host' ? { kind: 'host', hostId: row.id } : { kind: 'vm', key: row.id },
      );
    },
    [rows],
  );

  const toggle = useCallback((hostId: string, expanded: boolean) => {
    useAppStore.getState().setExpanded(hostId, expanded);
  }, []);

  const onFocusRow = useCallback(
    (index: number) => {
      const row = rows[index];
      const store = useAppStore.getState();
      if (row && store.treeFocus !== row.id) store.setTreeFocus(row.id);
    },
    [rows],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    // The row that has DOM focus is the one keys act on, even if focus got there by script.
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const current = target ? Number(target.dataset.index) : focusIndex;
    const row = rows[current];
    if (!row) return;
    const store = useAppStore.getState();
    const effect = treeKeyEffect(e.key, {
      current,
      count: rows.length,
      expanded: row.kind === 'host' ? row.expanded : null,
      childBelow: rows[current + 1]?.kind === 'vm',
      parentIndex: row.kind === 'vm' ? row.parentIndex : null,
      pageRows: Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT)),
    });
    if (!effect) return;
    e.preventDefault();
    if (effect.kind === 'move') {
      const target = rows[effect.index];
      if (!target || target.id === store.treeFocus) return;
      wantFocus.current = true;
      store.setTreeFocus(target.id);
    } else if (effect.kind === 'expand') {
      store.setExpanded(row.id, effect.open);
    } else if (effect.kind === 'activate') {
      activate(current);
    } else if (effect.kind === 'delete') {
      // A host asks to forget its connection; built-in hosts cannot be removed.
      if (row.kind === 'vm') store.openDialog({ kind: 'confirm', action: 'delete', key: row.id });
      else if (row.host.capabilities.remove) {
        store.openDialog({ kind: 'remove-connection', hostId: row.id });
      }
    }
  };

  // The rows to render: the window, plus the focusable row and the dragged one wherever they are.
  const indices: number[] = [];
  if (focusIndex >= 0 && focusIndex < start) indices.push(focusIndex);
  for (let i = start; i < end; i++) indices.push(i);
  if (focusIndex >= end) indices.push(focusIndex);
  const dragIndex = dragging === null ? undefined : indexById.get(dragging);
  if (dragIndex !== undefined && !indices.includes(dragIndex)) {
    indices.push(dragIndex);
    indices.sort((a, b) => a - b);
  }

  return (
    <div className="tree-scroll" ref={scrollRef}>
      <div
        ref={treeRef}
        role="tree"
        aria-label="Hosts and VMs"
        className="tree"
        style={{ height: rows.length * ROW_HEIGHT }}
        onKeyDown={onKeyDown}
      >
        {indices.map((i) => {
          const row = rows[i] as TreeRow;
          return (
            <TreeItem
              key={row.id}
              row={row}
              index={i}
              tabbable={i === focusIndex}
              selected={row.id === selectedId}
              busy={row.kind === 'vm' && inflight[row.id] !== undefined}
              drop={row.id === dropHost ? (dropRefused ? 'refused' : 'ok') : undefined}
              onActivate={activate}
              onToggle={toggle}
              onFocusRow={onFocusRow}
            />
          );
        })}
      </div>
      <TreeEmpty loaded={loaded} filtering={tree.filtering} matches={tree.matchCount} />
    </div>
  );
}

function TreeEmpty({
  loaded,
  filtering,
  matches,
}: {
  loaded: boolean;
  filtering: boolean;
  matches: number;
}) {
  const search = useAppStore((s) => s.search);
  const hostCount = useAppStore((s) => s.hostOrder.length);
  let text: string | null = null;
  if (!loaded) text = 'Loading…';
  else if (filtering && matches === 0) text = `No VMs match “${search.trim()}”`;
  else if (hostCount === 0) text = 'No hosts';
  return (
    <p className="tree-empty" role="status">
      {text}
    </p>
  );
}

// One row of the virtualized tree: a host (level 1) or a VM (level 2). The accessible name is the
// bare host or VM name; state and counts are a description, never part of the name. A VM row can
// be dragged onto a host row (treeDrag.ts); a host row under a dragged VM shows if it takes it.
import { memo } from 'react';
import { connectionWord, domId, vmStateLabel } from '../../lib/format';
import { RowSparkline } from '../usage/RowSparkline';
import type { TreeRow } from './treeRows';
import { ShownName } from '../common/ShownName';
import { dragEnd, dragLeaveHost, dragOverHost, dragStartVm, dropOnHost } from './treeDrag';

export const ROW_HEIGHT = 26;

interface Props {
  row: TreeRow;
  index: number;
  tabbable: boolean;
  selected: boolean;
  busy: boolean;
  /** A host row with a dragged VM over it: whether it would take the VM. */
  drop?: 'ok' | 'refused' | undefined;
  onActivate(index: number): void;
  onToggle(hostId: string, expanded: boolean): void;
  onFocusRow(index: number): void;
}

function TreeItemImpl({
  row,
  index,
  tabbable,
  selected,
  busy,
  drop,
  onActivate,
  onToggle,
  onFocusRow,
}: Props) {
  const descId = `tree-${domId(row.id)}-desc`;
  const common = {
    role: 'treeitem',
    'aria-selected': selected,
    'aria-setsize': row.setsize,
    'aria-posinset': row.posinset,
    'aria-describedby': descId,
    'data-index': index,
    tabIndex: tabbable ? 0 : -1,
    style: { top: index * ROW_HEIGHT, height: ROW_HEIGHT },
    onClick: () => onActivate(index),
    onFocus: () => onFocusRow(index),
  } as const;

  if (row.kind === 'host') {
    const { host } = row;
    const count = `${row.vmCount} ${row.vmCount === 1 ? 'VM' : 'VMs'}`;
    return (
      <div
        {...common}
        className={`tree-row tree-host conn-${host.connection}${selected ? ' is-selected' : ''}${drop ? ` drop-${drop}` : ''}`}
        aria-level={1}
        onDragOver={(e) => dragOverHost(host.id, e)}
        onDragEnter={(e) => dragOverHost(host.id, e)}
        onDragLeave={(e) => dragLeaveHost(host.id, e)}
        onDrop={(e) => dropOnHost(host.id, e)}
        aria-expanded={row.expanded}
        aria-label={host.name}
      >
        <span
          className="tree-twisty"
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            onToggle(host.id, !row.expanded);
          }}
        >
          {row.expanded ? '▾' : '▸'}
        </span>
        <span className={`tree-host-icon conn-${host.connection}`} aria-hidden="true" />
        <span className="tree-label">{host.name}</span>
        {drop && (
          <span className={`tree-drop tree-drop-${drop}`} aria-hidden="true">
            {drop === 'ok' ? '⇢' : '⊘'}
          </span>
        )}
        <span className="tree-meta" id={descId}>
          <span className={`conn-dot conn-${host.connection}`} aria-hidden="true" />
          <span className={host.connection === 'connected' ? 'visually-hidden' : 'tree-conn'}>
            {connectionWord(host.connection)}
          </span>
          <span className="visually-hidden">, </span>
          <span className="tree-count">{count}</span>
        </span>
      </div>
    );
  }

  const { vm } = row;
  return (
    <div
      {...common}
      className={`tree-row tree-vm${selected ? ' is-selected' : ''}`}
      aria-level={2}
      aria-label={vm.name}
      aria-busy={busy || undefined}
      draggable
      onDragStart={(e) => dragStartVm(row.id, e)}
      onDragEnd={dragEnd}
    >
      <span className={`state-dot state-${vm.state}`} aria-hidden="true" />
      <span className="tree-label">
        <ShownName name={vm.name} />
      </span>
      {vm.state === 'running' && <RowSparkline vmKey={row.id} />}
      <span className="tree-state" id={descId}>
        {vmStateLabel(vm)}
      </span>
    </div>
  );
}

export const TreeItem = memo(TreeItemImpl);

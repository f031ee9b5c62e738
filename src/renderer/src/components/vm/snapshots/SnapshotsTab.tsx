// The Snapshots tab: the VM's snapshot tree (current one marked) and Create / Revert / Delete,
// each asking first in a dialog. Revert and Delete act on the selected snapshot, which starts as
// the current one. The list reloads whenever main says it changed; while an operation runs the
// tree is busy.
import { useState } from 'react';
import type { Vm } from '../../../../../shared/model';
import { domId } from '../../../lib/format';
import { useAppStore } from '../../../store/appStore';
import { ReasonButton } from '../../common/ReasonButton';
import { SnapshotCreateDialog } from './SnapshotCreateDialog';
import { SnapshotDeleteDialog } from './SnapshotDeleteDialog';
import { SnapshotRevertDialog } from './SnapshotRevertDialog';
import { SnapshotTree } from './SnapshotTree';
import { useSnapshots } from './useSnapshots';
import './snapshots.css';
import { LINK_LOST } from '../../../api/consoleConnection';

type OpenDialog = { kind: 'create' } | { kind: 'revert' | 'delete'; name: string } | null;

export function SnapshotsTab({ vmKey, vm }: { vmKey: string; vm: Vm }) {
  const { load, reload } = useSnapshots(vmKey);
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const [picked, setPicked] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [busy, setBusy] = useState(false);

  if (load.status === 'loading') {
    return (
      <p className="muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading snapshots…
      </p>
    );
  }
  if (load.status === 'error') {
    return (
      <div className="inline-error" role="alert">
        Could not list the snapshots of {vm.name}: {load.message}{' '}
        <button type="button" className="btn btn-small" onClick={reload}>
          Retry
        </button>
      </div>
    );
  }

  const list = load.list;
  const selected =
    list.find((s) => s.name === picked) ?? list.find((s) => s.isCurrent) ?? list.at(-1) ?? null;
  const offline = linkOpen ? null : LINK_LOST;
  const needsPick = offline ?? (selected ? null : 'Select a snapshot first');
  const open = (kind: 'revert' | 'delete', name: string): void => {
    setPicked(name);
    setDialog({ kind, name });
  };
  const target =
    dialog && dialog.kind !== 'create' ? list.find((s) => s.name === dialog.name) : undefined;

  return (
    <section className="snapshots" aria-busy={busy || undefined}>
      <div className="toolbar" role="toolbar" aria-label="Snapshot actions">
        <ReasonButton className="btn" why={offline} onClick={() => setDialog({ kind: 'create' })}>
          Create snapshot
        </ReasonButton>
        <ReasonButton
          className="btn"
          why={needsPick}
          onClick={() => selected && open('revert', selected.name)}
        >
          Revert
        </ReasonButton>
        <ReasonButton
          className="btn btn-danger"
          why={needsPick}
          onClick={() => selected && open('delete', selected.name)}
        >
          Delete
        </ReasonButton>
        {busy && (
          <span className="muted snap-progress" role="status">
            <span className="spinner" aria-hidden="true" /> Working…
          </span>
        )}
      </div>
      {list.length === 0 ? (
        <p className="muted snap-empty" role="status">
          {vm.name} has no snapshots. Take one before a risky change: Create snapshot.
        </p>
      ) : (
        <SnapshotTree
          vmName={vm.name}
          idBase={domId('snap', vm.hostId, vm.id)}
          list={list}
          selected={selected?.name ?? null}
          busy={busy}
          onSelect={setPicked}
          onDeleteKey={(name) => linkOpen && open('delete', name)}
        />
      )}
      {dialog?.kind === 'create' && (
        <SnapshotCreateDialog
          vmKey={vmKey}
          vm={vm}
          existing={list}
          setBusy={setBusy}
          onClose={() => setDialog(null)}
          onCreated={setPicked}
        />
      )}
      {dialog?.kind === 'revert' && target && (
        <SnapshotRevertDialog
          vmKey={vmKey}
          vm={vm}
          snapshot={target}
          existing={list}
          setBusy={setBusy}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && target && (
        <SnapshotDeleteDialog
          vmKey={vmKey}
          snapshot={target}
          existing={list}
          setBusy={setBusy}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}

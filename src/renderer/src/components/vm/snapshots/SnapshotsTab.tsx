// The Snapshots tab: the VM's snapshot tree (current one marked) and Create / Revert / Delete,
// each asking first in a dialog (SnapshotDialogs). Revert and Delete act on the selected snapshot,
// which starts as the current one and is the new one after a Create (it is kept in appStore, so
// the dialog's command can pick it). The list reloads whenever main says it changed; while an
// operation runs the tree is busy.
import type { Vm } from '../../../../../shared/model';
import { domId } from '../../../lib/format';
import { useAppStore } from '../../../store/appStore';
import { ReasonButton } from '../../common/ReasonButton';
import { LoadError } from '../../common/LoadError';
import { vmSnapshots } from '../../../store/snapshotCommands';
import { SnapshotTree } from './SnapshotTree';
import './snapshots.css';
import { LINK_LOST } from '../../../api/consoleConnection';

export function SnapshotsTab({ vmKey, vm }: { vmKey: string; vm: Vm }) {
  const { load, reload } = vmSnapshots.use(vmKey);
  const busy = vmSnapshots.useBusy(vmKey);
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const openDialog = useAppStore((s) => s.openDialog);
  const picked = useAppStore((s) => s.pickedSnapshot[vmKey]);
  const pickSnapshot = useAppStore((s) => s.pickSnapshot);
  const setPicked = (name: string): void => pickSnapshot(vmKey, name);

  if (load.status === 'loading') {
    return (
      <p className="muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading snapshots…
      </p>
    );
  }
  if (load.status === 'error') {
    return (
      <LoadError onRetry={reload}>
        Could not list the snapshots of {vm.name}: {load.message}
      </LoadError>
    );
  }

  const list = load.value;
  const selected =
    list.find((s) => s.name === picked) ?? list.find((s) => s.isCurrent) ?? list.at(-1) ?? null;
  const offline = linkOpen ? null : LINK_LOST;
  const needsPick = offline ?? (selected ? null : 'Select a snapshot first');
  const canChange = needsPick ?? selected?.readOnly ?? null;
  const open = (kind: 'snapshot-revert' | 'snapshot-delete', name: string): void => {
    setPicked(name);
    openDialog({ kind, key: vmKey, name });
  };

  return (
    <section className="snapshots" aria-busy={busy || undefined}>
      <div className="toolbar" role="toolbar" aria-label="Snapshot actions">
        <ReasonButton
          className="btn"
          why={offline}
          onClick={() => openDialog({ kind: 'snapshot-create', key: vmKey })}
        >
          Create snapshot
        </ReasonButton>
        <ReasonButton
          className="btn"
          why={canChange}
          onClick={() => selected && open('snapshot-revert', selected.name)}
        >
          Revert
        </ReasonButton>
        <ReasonButton
          className="btn btn-danger"
          why={canChange}
          onClick={() => selected && open('snapshot-delete', selected.name)}
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
          onDeleteKey={(name) => linkOpen && open('snapshot-delete', name)}
        />
      )}
    </section>
  );
}

// Shows what Apply will change before it does: the line diff between the definition on the host
// and the edited text, then Cancel or Apply. While the define runs the dialog stays, busy.
import { useMemo } from 'react';
import { diffHunks, diffLines, diffStats } from '../../../../../shared/text/lineDiff';
import { Modal } from '../../common/Modal';
import { XmlDiff } from './XmlDiff';

interface Props {
  vmName: string;
  running: boolean;
  oldText: string;
  newText: string;
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function XmlApplyDialog({
  vmName,
  running,
  oldText,
  newText,
  busy,
  onCancel,
  onConfirm,
}: Props) {
  const { hunks, added, removed } = useMemo(() => {
    const lines = diffLines(oldText, newText);
    return { hunks: diffHunks(lines), ...diffStats(lines) };
  }, [oldText, newText]);

  return (
    <Modal
      labelledBy="xml-apply-heading"
      describedBy="xml-apply-summary"
      onCancel={() => {
        if (!busy) onCancel();
      }}
      className="modal-wide"
    >
      <h2 id="xml-apply-heading">Apply changes to {vmName}?</h2>
      <p id="xml-apply-summary">
        {plural(added, 'line')} added, {plural(removed, 'line')} removed.
        {running && ` ${vmName} is running: the changes apply the next time it boots.`}
      </p>
      <XmlDiff hunks={hunks} label="Changes" />
      <div className="modal-actions">
        <button type="button" className="btn" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={`btn btn-primary${busy ? ' is-busy' : ''}`}
          data-autofocus
          aria-busy={busy || undefined}
          disabled={busy}
          onClick={onConfirm}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Apply
        </button>
      </div>
    </Modal>
  );
}

// Asks before unsaved XML edits are dropped: leaving the XML tab or selecting another tree item
// with a draft comes here, and only Discard lets the navigation go on.
import type { LeaveTarget } from '../../../store/appStore';
import { useAppStore } from '../../../store/appStore';
import { discardXmlAndLeave } from '../../../store/navigation';
import { Modal } from '../../common/Modal';

export function XmlDiscardDialog({ vmKey, then }: { vmKey: string; then: LeaveTarget }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const name = vm?.name ?? 'this VM';
  return (
    <Modal
      labelledBy="xml-discard-heading"
      describedBy="xml-discard-text"
      onCancel={closeDialog}
      className="modal-narrow"
    >
      <h2 id="xml-discard-heading">Discard changes to the XML of {name}?</h2>
      <p id="xml-discard-text">
        Your edits have not been applied. Discarding them cannot be undone.
      </p>
      <div className="modal-actions">
        <button type="button" className="btn" data-autofocus onClick={closeDialog}>
          Keep editing
        </button>
        <button
          type="button"
          className="btn btn-danger-solid"
          onClick={() => discardXmlAndLeave(vmKey, then)}
        >
          Discard
        </button>
      </div>
    </Modal>
  );
}

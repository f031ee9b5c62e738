// Asks before unsaved XML edits are dropped: leaving the XML tab or selecting another tree item
// with a draft comes here, and only Discard lets the navigation go on.
import type { LeaveTarget } from '../../../store/dialogs';
import { useAppStore } from '../../../store/appStore';
import { discardXmlAndLeave } from '../../../store/navigation';
import { DialogFrame } from '../../common/DialogFrame';

export function XmlDiscardDialog({ vmKey, then }: { vmKey: string; then: LeaveTarget }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const name = vm?.name ?? 'this VM';
  return (
    <DialogFrame
      id="xml-discard"
      title={`Discard changes to the XML of ${name}?`}
      describedBy="xml-discard-text"
      size="narrow"
      danger
      action="Discard"
      cancelLabel="Keep editing"
      invalid={null}
      run={async () => discardXmlAndLeave(vmKey, then)}
      onClose={closeDialog}
    >
      <p id="xml-discard-text">
        Your edits have not been applied. Discarding them cannot be undone.
      </p>
    </DialogFrame>
  );
}

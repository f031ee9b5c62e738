// Shows what Apply will change before it does: the line diff between the definition on the host
// (as the XML tab has it) and the VM's draft, then Cancel or Apply. While the define runs the
// dialog stays, busy; it closes whether the host accepts the text or not, since a refusal shows in
// the tab beside the text it is about (applyXmlDraft).
import { useMemo } from 'react';
import { diffHunks, diffLines, diffStats } from '../../../../../shared/text/lineDiff';
import { useAppStore } from '../../../store/appStore';
import { applyXmlDraft, vmXml } from '../../../store/xmlCommands';
import { DialogFrame } from '../../common/DialogFrame';
import { XmlDiff } from './XmlDiff';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function XmlApplyDialog({ vmKey }: { vmKey: string }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const draft = useAppStore((s) => s.xmlDrafts[vmKey]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const oldText = vmXml.useLoaded(vmKey)?.xml;
  const newText = draft?.text;
  const diff = useMemo(() => {
    if (oldText === undefined || newText === undefined) return null;
    const lines = diffLines(oldText, newText);
    return { hunks: diffHunks(lines), ...diffStats(lines) };
  }, [oldText, newText]);
  if (!vm || !diff) return null;

  return (
    <DialogFrame
      id="xml-apply"
      title={`Apply changes to ${vm.name}?`}
      describedBy="xml-apply-summary"
      size="wide"
      action="Apply"
      focusAction
      invalid={null}
      run={() => applyXmlDraft(vmKey)}
      onClose={closeDialog}
    >
      <p id="xml-apply-summary">
        {plural(diff.added, 'line')} added, {plural(diff.removed, 'line')} removed.
        {vm.state !== 'shutoff' &&
          ` ${vm.name} is running: the changes apply the next time it boots.`}
      </p>
      <XmlDiff hunks={diff.hunks} label="Changes" />
    </DialogFrame>
  );
}

// The XML tab: the VM's persistent definition in an editor that checks it as you type, and Apply
// (after a diff) to define it, `virsh edit` style. Edits live in the store as a draft per VM, so
// switching tabs keeps them; errors from main show here and keep the text.
import { useEffect, useState } from 'react';
import type { DomainXml } from '../../../../../shared/api';
import type { Vm } from '../../../../../shared/model';
import type { XmlProblem } from '../../../../../shared/text/checkDomainXml';
import { lineOfMessage, problemText } from '../../../../../shared/text/checkDomainXml';
import { domId } from '../../../lib/format';
import { errorMessage } from '../../../lib/errorText';
import { useAppStore } from '../../../store/appStore';
import { defineVmXml, vmXml } from '../../../store/xmlCommands';
import { useXmlValidation } from './useXmlValidation';
import { XmlApplyDialog } from './XmlApplyDialog';
import { XmlEditor } from './XmlEditor';
import '../../common/fillView.css';
import './xml.css';
import { LINK_LOST } from '../../../api/consoleConnection';

export function XmlTab({ vmKey, vm }: { vmKey: string; vm: Vm }) {
  const { load, reload, replace } = vmXml.use(vmKey);
  const draft = useAppStore((s) => s.xmlDrafts[vmKey]);
  const setXmlDraft = useAppStore((s) => s.setXmlDraft);
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<XmlProblem | null>(null);

  const loaded: DomainXml | null = load.status === 'ready' ? load.value : null;
  const text = draft?.text ?? loaded?.xml ?? null;
  const validation = useXmlValidation(text, vm.name, vm.id);
  const ids = domId('vm', vm.hostId, vm.id, 'xml');

  // After a save the Apply button that opened the dialog is disabled: carry on in the editor.
  useEffect(() => {
    if (saved) document.getElementById(`${ids}-editor`)?.focus();
  }, [saved, ids]);

  if (load.status === 'loading') {
    return (
      <p className="xml-loading muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading…
      </p>
    );
  }
  if (load.status === 'error' || loaded === null || text === null) {
    return (
      <div className="inline-error xml-load-error" role="alert">
        Could not load the XML of {vm.name}: {load.status === 'error' ? load.message : ''}{' '}
        <button type="button" className="btn btn-small" onClick={reload}>
          Retry
        </button>
      </div>
    );
  }

  const changed = text !== loaded.xml;
  const canApply = changed && validation.valid && !busy && linkOpen;
  const stale = draft !== undefined && draft.base !== loaded.xml;
  const problem = saveError ?? validation.problem;

  const onChange = (next: string): void => {
    setXmlDraft(
      vmKey,
      next === loaded.xml ? null : { base: draft?.base ?? loaded.xml, text: next },
    );
    setSaved(false);
    setSaveError(null);
  };

  const requestApply = (): void => {
    if (changed && !busy && linkOpen && validation.checkNow() === null) setConfirming(true);
  };

  const apply = async (): Promise<void> => {
    const submitted = text;
    setBusy(true);
    try {
      await defineVmXml(vmKey, submitted);
      replace({ xml: submitted, liveXml: loaded.liveXml });
      setXmlDraft(vmKey, null);
      setSaved(true);
      setSaveError(null);
      reload(); // libvirt may have normalised it: show what it keeps
    } catch (e) {
      const message = errorMessage(e);
      const line = lineOfMessage(message);
      setSaveError({
        message: `Could not apply the changes: ${message.replace(/ \(line \d+\)$/, '')}`,
        ...(line === undefined ? {} : { line }),
      });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const revert = (): void => {
    setXmlDraft(vmKey, null);
    setSaveError(null);
    setSaved(false);
  };

  const status = saved ? 'Saved.' : changed ? 'Unsaved changes' : '';
  return (
    <div className="xml-tab fill-view">
      {stale && (
        <p className="banner banner-warning xml-stale" role="status">
          The definition of {vm.name} changed on the host after you started editing. Apply replaces
          it with your text; Revert shows the current one.
        </p>
      )}
      <div className="xml-bar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!canApply}
          title={
            !linkOpen ? LINK_LOST : !changed ? 'Nothing to apply' : canApply ? 'Ctrl+S' : undefined
          }
          onClick={requestApply}
        >
          Apply
        </button>
        <button type="button" className="btn" disabled={!changed || busy} onClick={revert}>
          Revert
        </button>
        <span className={`xml-status${saved ? ' is-saved' : ''}`} role="status">
          {status}
        </span>
      </div>
      <XmlEditor
        id={`${ids}-editor`}
        value={text}
        onChange={onChange}
        onSave={requestApply}
        errorLine={problem?.line}
        invalid={problem !== null}
        describedBy={`${ids}-problem ${ids}-hint`}
        readOnly={busy}
      />
      <div id={`${ids}-problem`} className="xml-problem-slot">
        {problem ? (
          <p className="xml-problem" role="alert">
            {problemText(problem)}
          </p>
        ) : (
          validation.valid && (
            <p className="xml-ok muted">
              <span aria-hidden="true">✓ </span>Well-formed; the host checks the rest on Apply.
            </p>
          )
        )}
      </div>
      <p id={`${ids}-hint`} className="field-hint">
        Tab inserts two spaces; to leave the editor, press Escape, then Tab. Ctrl+S applies.
      </p>
      {confirming && (
        <XmlApplyDialog
          vmName={vm.name}
          running={vm.state !== 'shutoff'}
          oldText={loaded.xml}
          newText={text}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void apply()}
        />
      )}
    </div>
  );
}

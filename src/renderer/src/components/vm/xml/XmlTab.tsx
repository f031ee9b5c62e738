// The XML tab: the VM's persistent definition in an editor that checks it as you type, and Apply
// (after a diff, XmlApplyDialog) to define it, `virsh edit` style. Edits live in the store as a
// draft per VM, so switching tabs keeps them; what the host says of an Apply shows here, and a
// refusal keeps the text.
import type { DomainXml } from '../../../../../shared/api';
import type { Vm } from '../../../../../shared/model';
import { problemText } from '../../../../../shared/text/checkDomainXml';
import { domId } from '../../../lib/format';
import { useAppStore } from '../../../store/appStore';
import { vmXml } from '../../../store/xmlCommands';
import { useXmlValidation } from './useXmlValidation';
import { XmlEditor } from './XmlEditor';
import { LoadError } from '../../common/LoadError';
import '../../common/fillView.css';
import './xml.css';
import { LINK_LOST } from '../../../api/consoleConnection';

export function XmlTab({ vmKey, vm }: { vmKey: string; vm: Vm }) {
  const { load, reload } = vmXml.use(vmKey);
  const busy = vmXml.useBusy(vmKey);
  const draft = useAppStore((s) => s.xmlDrafts[vmKey]);
  const outcome = useAppStore((s) => s.xmlOutcomes[vmKey]);
  const setXmlDraft = useAppStore((s) => s.setXmlDraft);
  const openDialog = useAppStore((s) => s.openDialog);
  const linkOpen = useAppStore((s) => s.link.state === 'open');

  const loaded: DomainXml | null = load.status === 'ready' ? load.value : null;
  const text = draft?.text ?? loaded?.xml ?? null;
  const validation = useXmlValidation(text, vm.name, vm.id);
  const ids = domId('vm', vm.hostId, vm.id, 'xml');

  if (load.status === 'loading') {
    return (
      <p className="xml-loading muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading…
      </p>
    );
  }
  if (load.status === 'error' || loaded === null || text === null) {
    return (
      <LoadError className="xml-load-error" onRetry={reload}>
        Could not load the XML of {vm.name}: {load.status === 'error' ? load.message : ''}
      </LoadError>
    );
  }

  const changed = text !== loaded.xml;
  const canApply = changed && validation.valid && !busy && linkOpen;
  const stale = draft !== undefined && draft.base !== loaded.xml;
  const saved = outcome?.kind === 'saved';
  const problem = (outcome?.kind === 'refused' ? outcome.problem : null) ?? validation.problem;

  // A new draft (or none) drops what the last Apply said.
  const onChange = (next: string): void =>
    setXmlDraft(
      vmKey,
      next === loaded.xml ? null : { base: draft?.base ?? loaded.xml, text: next },
    );

  const requestApply = (): void => {
    if (!changed || busy || !linkOpen || validation.checkNow() !== null) return;
    // The dialog gives the focus back where it was: the editor, where the user carries on (after a
    // save the Apply button is disabled; after a refusal the editor marks the line).
    document.getElementById(`${ids}-editor`)?.focus();
    openDialog({ kind: 'apply-xml', key: vmKey });
  };

  const revert = (): void => setXmlDraft(vmKey, null);

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
    </div>
  );
}

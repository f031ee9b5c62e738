// The XML editor's requests: a VM's definition (a per-VM resource, loaded while the tab is open
// and after reconnects), and applying the edited text (the Apply dialog's action). A define that
// succeeds updates the VM at once (its pendingChanges flag drives the "applies next boot" banner)
// and drops the draft; one that fails keeps the draft and says why, with the line, in the tab.
import type { DomainXml } from '../../../shared/api';
import type { XmlProblem } from '../../../shared/text/checkDomainXml';
import { lineOfMessage } from '../../../shared/text/checkDomainXml';
import { getApi } from '../api';
import { errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';
import { splitVmKey } from './keys';
import { defineResource } from './resources';

/** A VM's XML (vmGetXml), by VM key, while its XML tab is open. */
export const vmXml = defineResource<DomainXml>('vm-xml', (key) =>
  getApi().vmGetXml(splitVmKey(key)),
);

function refusal(e: unknown): XmlProblem {
  const message = errorMessage(e);
  const line = lineOfMessage(message);
  return {
    message: `Could not apply the changes: ${message.replace(/ \(line \d+\)$/, '')}`,
    ...(line === undefined ? {} : { line }),
  };
}

/**
 * Defines the VM's draft. Never throws: the outcome belongs in the XML tab, where a refusal marks
 * its line, so the dialog closes either way (and the draft stays until it is saved or reverted).
 */
export async function applyXmlDraft(key: string): Promise<void> {
  const draft = useAppStore.getState().xmlDrafts[key];
  if (!draft) return;
  const xml = draft.text;
  try {
    const result = await vmXml.track(key, getApi().vmDefineXml({ ...splitVmKey(key), xml }));
    // The flag may lag behind in the returned VM; the define itself says the change waits.
    const vm = result.appliesOnNextBoot ? { ...result.vm, pendingChanges: true } : result.vm;
    useAppStore.getState().updateOrAddVm(vm);
    vmXml.update(key, (shown) => ({ ...shown, xml }));
    useAppStore.getState().setXmlDraft(key, null, { kind: 'saved' });
    void vmXml.reload(key); // libvirt may have normalised it: show what it keeps
  } catch (e) {
    useAppStore.getState().setXmlDraft(key, draft, { kind: 'refused', problem: refusal(e) });
  }
}

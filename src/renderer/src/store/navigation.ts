// Moving between VMs and between a VM's tabs, guarded so unsaved XML edits are never dropped
// silently: leaving a VM (or its XML tab) with a draft asks first (XmlDiscardDialog), and only a
// confirmed discard clears the draft and goes on to where the user was heading.
import type { DetailKind, TabOf } from '../lib/detailTabs';
import { tabShown } from '../lib/detailTabs';
import type { Selection } from './appStore';
import type { LeaveTarget } from './dialogs';
import { useAppStore } from './appStore';

function sameSelection(a: Selection, b: Selection): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'host') return b.kind === 'host' && a.hostId === b.hostId;
  return b.kind === 'vm' && a.key === b.key;
}

/** Selects a tree item, unless the selected VM has unsaved XML: then asks first. */
export function requestSelect(selection: Selection): void {
  const store = useAppStore.getState();
  const current = store.selection;
  if (sameSelection(current, selection)) return;
  if (current?.kind === 'vm' && store.xmlDrafts[current.key]) {
    store.openDialog({
      kind: 'discard-xml',
      key: current.key,
      then: { kind: 'select', selection },
    });
    return;
  }
  store.select(selection);
}

/** Shows one of a host's or VM's tabs; leaving a VM's XML tab with unsaved edits asks first. */
export function requestTab<K extends DetailKind>(kind: K, id: string, tab: TabOf<K>): void {
  const store = useAppStore.getState();
  const current = tabShown(store.tabs, kind, id);
  if (current === tab) return;
  if (kind === 'vm' && current === 'xml' && store.xmlDrafts[id]) {
    store.openDialog({
      kind: 'discard-xml',
      key: id,
      then: { kind: 'tab', tab: tab as TabOf<'vm'> },
    });
    return;
  }
  store.setTab(kind, id, tab);
}

/** The user confirmed: drop the draft and go where they were going. */
export function discardXmlAndLeave(key: string, then: LeaveTarget): void {
  const store = useAppStore.getState();
  store.setXmlDraft(key, null);
  store.closeDialog();
  if (then.kind === 'select') store.select(then.selection);
  else store.setTab('vm', key, then.tab);
}

/** True while any VM has XML edits not yet applied (the page asks before unloading). */
export function hasUnsavedXml(): boolean {
  const { xmlDrafts, vms } = useAppStore.getState();
  return Object.keys(xmlDrafts).some((key) => vms[key] !== undefined);
}

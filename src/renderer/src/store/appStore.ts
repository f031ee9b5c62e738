// The renderer's one store (zustand). It mirrors main's state, which arrives as a snapshot and then
// as pushed events (store/sync.ts); components read it and call its actions. The api layer never
// writes here.
import { create } from 'zustand';
import type { ApiEvent } from '../../../shared/api';
import type { ErrorCode } from '../../../shared/errors';
import type { Host, Notice, Vm } from '../../../shared/model';
import type { LinkStatus } from '../api';
import type { VmAction } from '../../../shared/lifecycle';
import type { XmlProblem } from '../../../shared/text/checkDomainXml';
import type { DetailKind, DetailTabs, TabOf } from '../lib/detailTabs';
import type { Dialog } from './dialogs';
import { splitVmKey } from './keys';
import type { Inventory } from './reducers';
import { applyEvents, emptyInventory, snapshotInventory } from './reducers';

export type Selection = { kind: 'host'; hostId: string } | { kind: 'vm'; key: string } | null;

/** XML the user edited and has not applied: the text, and the definition it started from. */
export interface XmlDraft {
  base: string;
  text: string;
}

/** How the last Apply of a VM's XML ended: shown in its XML tab until the text changes. */
export type XmlOutcome = { kind: 'saved' } | { kind: 'refused'; problem: XmlProblem };

export interface AppError {
  id: number;
  code: ErrorCode | null;
  message: string;
}

export interface AppState extends Inventory {
  link: LinkStatus;
  /** True once the first snapshot has been loaded. */
  loaded: boolean;
  selection: Selection;
  /** The tree item holding the roving tabindex (a host id or a VM key). */
  treeFocus: string | null;
  /** Hosts the user collapsed; hosts are expanded by default. */
  collapsed: Record<string, true>;
  search: string;
  errors: AppError[];
  /** VM key → the action in flight for it. */
  inflight: Record<string, VmAction>;
  dialog: Dialog;
  /** The tab each host's and VM's detail pane shows (read with tabShown). */
  tabs: DetailTabs;
  /** VM key → unsaved XML edits; present only while the text differs from what was loaded. */
  xmlDrafts: Record<string, XmlDraft>;
  /** VM key → how its last XML Apply ended; dropped whenever its draft changes. */
  xmlOutcomes: Record<string, XmlOutcome>;
  /** VM key → the snapshot picked in its Snapshots tab (else the current one is). */
  pickedSnapshot: Record<string, string>;

  setLink(link: LinkStatus): void;
  loadSnapshot(hosts: Host[], vmsByHost: Map<string, Vm[]>, notices: Notice[]): void;
  applyEvents(events: readonly ApiEvent[]): void;
  updateOrAddVm(vm: Vm): void;
  removeVm(hostId: string, vmId: string): void;
  updateHost(host: Host): void;
  removeNotice(noticeId: string): void;
  pushError(error: { code?: ErrorCode | null; message: string }): void;
  dismissError(id: number): void;
  select(selection: Selection): void;
  setTreeFocus(id: string | null): void;
  setExpanded(hostId: string, expanded: boolean): void;
  setSearch(search: string): void;
  setInflight(key: string, action: VmAction | null): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  setTab<K extends DetailKind>(kind: K, id: string, tab: TabOf<K>): void;
  setXmlDraft(key: string, draft: XmlDraft | null, outcome?: XmlOutcome): void;
  pickSnapshot(key: string, name: string): void;
}

let nextErrorId = 1;

/** Where the selection goes when its host is removed: the next host in the tree, else the one before. */
function neighbourHost(state: AppState, inv: Inventory, hostId: string): Selection {
  const i = state.hostOrder.indexOf(hostId);
  const after = state.hostOrder.slice(i + 1).find((id) => inv.hosts[id]);
  const before = state.hostOrder
    .slice(0, Math.max(0, i))
    .reverse()
    .find((id) => inv.hosts[id]);
  const next = after ?? before;
  return next ? { kind: 'host', hostId: next } : null;
}

function selectionKey(s: Selection): string | null {
  return s === null ? null : s.kind === 'host' ? s.hostId : s.key;
}

/** Drops the selection and a dialog that point at hosts or VMs no longer there. */
function reconcile(state: AppState, inv: Inventory): Partial<AppState> {
  const patch: Partial<AppState> = { ...inv };
  const sel = state.selection;
  if (sel?.kind === 'vm' && !inv.vms[sel.key]) {
    const { hostId } = splitVmKey(sel.key);
    patch.selection = inv.hosts[hostId]
      ? { kind: 'host', hostId }
      : neighbourHost(state, inv, hostId);
    if (state.treeFocus === sel.key) patch.treeFocus = selectionKey(patch.selection ?? null);
  } else if (sel?.kind === 'host' && !inv.hosts[sel.hostId]) {
    patch.selection = neighbourHost(state, inv, sel.hostId);
  }
  const focus = state.treeFocus;
  if (focus !== null && patch.treeFocus === undefined && !inv.hosts[focus] && !inv.vms[focus]) {
    patch.treeFocus = selectionKey(patch.selection ?? sel);
  }
  const dialog = state.dialog;
  if (dialog && 'hostId' in dialog && !inv.hosts[dialog.hostId]) patch.dialog = null;
  if (dialog && 'key' in dialog && !inv.vms[dialog.key]) patch.dialog = null;
  return patch;
}

export const useAppStore = create<AppState>()((set, get) => ({
  ...emptyInventory,
  link: { state: 'connecting', retryAt: null, attempt: 0, generation: 0 },
  loaded: false,
  selection: null,
  treeFocus: null,
  collapsed: {},
  search: '',
  errors: [],
  inflight: {},
  dialog: null,
  tabs: { host: {}, vm: {} },
  xmlDrafts: {},
  xmlOutcomes: {},
  pickedSnapshot: {},

  setLink: (link) => set({ link }),

  loadSnapshot: (hosts, vmsByHost, notices) => {
    const inv = snapshotInventory(hosts, vmsByHost, notices);
    const state = get();
    const inflight: Record<string, VmAction> = {};
    for (const [key, action] of Object.entries(state.inflight)) {
      if (inv.vms[key]) inflight[key] = action;
    }
    set({ ...reconcile(state, inv), inflight, loaded: true });
  },

  applyEvents: (events) => {
    const state = get();
    const inv = applyEvents(state, events);
    if (inv.hosts === state.hosts && inv.vms === state.vms && inv.notices === state.notices) {
      return;
    }
    set(reconcile(state, inv));
  },

  updateOrAddVm: (vm) => get().applyEvents([{ type: 'vm-changed', vm }]),
  removeVm: (hostId, vmId) => get().applyEvents([{ type: 'vm-removed', hostId, vmId }]),
  updateHost: (host) => get().applyEvents([{ type: 'host-changed', host }]),

  removeNotice: (noticeId) => set((s) => ({ notices: s.notices.filter((n) => n.id !== noticeId) })),

  pushError: ({ code = null, message }) =>
    set((s) => ({ errors: [...s.errors.slice(-4), { id: nextErrorId++, code, message }] })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),

  select: (selection) => {
    const patch: Partial<AppState> = { selection, treeFocus: selectionKey(selection) };
    if (selection?.kind === 'vm') {
      const { hostId } = splitVmKey(selection.key);
      if (get().collapsed[hostId]) patch.collapsed = withoutKey(get().collapsed, hostId);
    }
    set(patch);
  },
  setTreeFocus: (treeFocus) => set({ treeFocus }),

  setExpanded: (hostId, expanded) =>
    set((s) => ({
      collapsed: expanded ? withoutKey(s.collapsed, hostId) : { ...s.collapsed, [hostId]: true },
    })),

  // Typing a filter expands every host so matches are visible; the user may collapse again.
  setSearch: (search) => set(search.trim() ? { search, collapsed: {} } : { search }),

  setInflight: (key, action) =>
    set((s) => ({
      inflight: action ? { ...s.inflight, [key]: action } : withoutKey(s.inflight, key),
    })),

  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),

  setTab: (kind, id, tab) =>
    set((s) => ({ tabs: { ...s.tabs, [kind]: { ...s.tabs[kind], [id]: tab } } })),
  setXmlDraft: (key, draft, outcome) =>
    set((s) => ({
      xmlDrafts: draft ? { ...s.xmlDrafts, [key]: draft } : withoutKey(s.xmlDrafts, key),
      xmlOutcomes: outcome ? { ...s.xmlOutcomes, [key]: outcome } : withoutKey(s.xmlOutcomes, key),
    })),
  pickSnapshot: (key, name) =>
    set((s) => ({ pickedSnapshot: { ...s.pickedSnapshot, [key]: name } })),
}));

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

// The views of each detail pane, in tab order: one list per kind of tree item. A new view of a
// host or a VM joins its list here; the first tab of each is shown until the user picks another.
export const DETAIL_TABS = {
  host: [
    { id: 'overview', label: 'Overview' },
    { id: 'storage', label: 'Storage' },
  ],
  vm: [
    { id: 'overview', label: 'Overview' },
    { id: 'xml', label: 'XML' },
    { id: 'console', label: 'Console' },
    { id: 'snapshots', label: 'Snapshots' },
  ],
} as const;

/** What a detail pane shows: a host or a VM. */
export type DetailKind = keyof typeof DETAIL_TABS;

export type TabOf<K extends DetailKind> = (typeof DETAIL_TABS)[K][number]['id'];
export type HostTab = TabOf<'host'>;
export type VmTab = TabOf<'vm'>;

/** Item id (host id or VM key) → the tab shown, for each kind; absent means the first tab. */
export type DetailTabs = { [K in DetailKind]: Record<string, TabOf<K>> };

export function tabShown<K extends DetailKind>(tabs: DetailTabs, kind: K, id: string): TabOf<K> {
  return tabs[kind][id] ?? DETAIL_TABS[kind][0].id;
}

// The views of each detail pane, in tab order: one list per kind of tree item. A new view of a
// host or a VM joins its list here; the first tab of each is shown until the user picks another.
// A view that needs a host capability (Storage, Snapshots) names it and appears because the host
// has it, never because of which driver serves the host.
import type { HostCapabilities } from '../../../shared/model';

interface TabDef {
  id: string;
  label: string;
  needs?: keyof HostCapabilities;
}

export const DETAIL_TABS = {
  host: [
    { id: 'overview', label: 'Overview' },
    { id: 'storage', label: 'Storage', needs: 'storage' },
    { id: 'networks', label: 'Networks', needs: 'networks' },
    { id: 'tuning', label: 'Tuning', needs: 'tuning' },
    { id: 'devices', label: 'Devices', needs: 'hostDevices' },
  ],
  vm: [
    { id: 'overview', label: 'Overview' },
    { id: 'hardware', label: 'Hardware', needs: 'hardware' },
    { id: 'xml', label: 'XML' },
    { id: 'console', label: 'Console' },
    { id: 'snapshots', label: 'Snapshots', needs: 'snapshots' },
    { id: 'display', label: 'Display', needs: 'display' },
  ],
} as const satisfies Record<string, readonly TabDef[]>;

/** What a detail pane shows: a host or a VM. */
export type DetailKind = keyof typeof DETAIL_TABS;

export type TabOf<K extends DetailKind> = (typeof DETAIL_TABS)[K][number]['id'];
export type HostTab = TabOf<'host'>;
export type VmTab = TabOf<'vm'>;

/** Item id (host id or VM key) → the tab picked, for each kind; absent means the first tab. */
export type DetailTabs = { [K in DetailKind]: Record<string, TabOf<K>> };

/** The pane's tabs the host can show; with no host known, only the tabs that need nothing. */
export function tabsFor<K extends DetailKind>(
  kind: K,
  capabilities: HostCapabilities | undefined,
): { id: TabOf<K>; label: string }[] {
  return (DETAIL_TABS[kind] as readonly TabDef[]).filter(
    (t) => t.needs === undefined || capabilities?.[t.needs] === true,
  ) as { id: TabOf<K>; label: string }[];
}

/**
 * The tab shown: the one picked if the host can show it, else the first. A remembered Storage
 * tab of a host that lost the capability falls back rather than showing an empty view.
 */
export function tabShown<K extends DetailKind>(
  tabs: DetailTabs,
  kind: K,
  id: string,
  capabilities?: HostCapabilities,
): TabOf<K> {
  const picked = tabs[kind][id];
  const first = DETAIL_TABS[kind][0].id;
  if (picked === undefined) return first;
  if (capabilities === undefined) return picked;
  return tabsFor(kind, capabilities).some((t) => t.id === picked) ? picked : first;
}

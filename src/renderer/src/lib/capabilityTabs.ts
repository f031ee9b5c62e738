// Which of a pane's tabs a host can show. A view that needs a capability (Storage, Snapshots)
// appears because the host has that capability, never because of which driver serves it.
import type { HostCapabilities } from '../../../shared/model';
import type { HostTab } from './hostTabs';
import type { VmTab } from './vmTabs';

export type TabNeeds<Id extends string> = Partial<Record<Id, keyof HostCapabilities>>;

export const HOST_TAB_NEEDS: TabNeeds<HostTab> = { storage: 'storage' };
export const VM_TAB_NEEDS: TabNeeds<VmTab> = { snapshots: 'snapshots' };

/** The tabs whose capability the host has; with no host known, only the tabs that need none. */
export function availableTabs<Id extends string, T extends { id: Id }>(
  tabs: readonly T[],
  needs: TabNeeds<Id>,
  capabilities: HostCapabilities | undefined,
): T[] {
  return tabs.filter((t) => {
    const need = needs[t.id];
    return need === undefined || capabilities?.[need] === true;
  });
}

/** The tab to show: the selected one if it is available, else the pane's default. */
export function shownTab<Id extends string>(
  selected: Id,
  available: readonly { id: Id }[],
  fallback: Id,
): Id {
  return available.some((t) => t.id === selected) ? selected : fallback;
}

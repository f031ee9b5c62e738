import { describe, expect, it } from 'vitest';
import {
  availableTabs,
  HOST_TAB_NEEDS,
  shownTab,
  VM_TAB_NEEDS,
} from '../../../src/renderer/src/lib/capabilityTabs';
import { DEFAULT_HOST_TAB, HOST_TABS } from '../../../src/renderer/src/lib/hostTabs';
import { DEFAULT_VM_TAB, VM_TABS } from '../../../src/renderer/src/lib/vmTabs';
import { ALL_CAPABILITIES as ALL } from './fixtures';

const ids = (tabs: readonly { id: string }[]): string[] => tabs.map((t) => t.id);

describe('tabs a host can show', () => {
  it('shows every tab to a host that has every capability', () => {
    expect(ids(availableTabs(HOST_TABS, HOST_TAB_NEEDS, ALL))).toEqual(ids(HOST_TABS));
    expect(ids(availableTabs(VM_TABS, VM_TAB_NEEDS, ALL))).toEqual(ids(VM_TABS));
  });

  it('hides Storage from a host without storage, and only it', () => {
    const tabs = availableTabs(HOST_TABS, HOST_TAB_NEEDS, { ...ALL, storage: false });
    expect(ids(tabs)).toEqual(ids(HOST_TABS).filter((id) => id !== 'storage'));
    // A remembered Storage tab falls back to the default rather than showing an empty view.
    expect(shownTab('storage', tabs, DEFAULT_HOST_TAB)).toBe(DEFAULT_HOST_TAB);
  });

  it('hides Snapshots from a VM whose host has no snapshots, and only it', () => {
    const tabs = availableTabs(VM_TABS, VM_TAB_NEEDS, { ...ALL, snapshots: false });
    expect(ids(tabs)).toEqual(['overview', 'xml', 'console']);
    expect(shownTab('snapshots', tabs, DEFAULT_VM_TAB)).toBe(DEFAULT_VM_TAB);
    expect(shownTab('console', tabs, DEFAULT_VM_TAB)).toBe('console');
  });

  it('shows only the tabs that need nothing while the host is unknown', () => {
    expect(ids(availableTabs(VM_TABS, VM_TAB_NEEDS, undefined))).toEqual([
      'overview',
      'xml',
      'console',
    ]);
  });
});

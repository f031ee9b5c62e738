// A detail pane's tabs follow the host's capabilities, never the driver kind.
import { describe, expect, it } from 'vitest';
import type { DetailTabs } from '../../../src/renderer/src/lib/detailTabs';
import { DETAIL_TABS, tabShown, tabsFor } from '../../../src/renderer/src/lib/detailTabs';
import { ALL_CAPABILITIES as ALL } from './fixtures';

const ids = (tabs: readonly { id: string }[]): string[] => tabs.map((t) => t.id);
const picked = (host: string, vm: string): DetailTabs => ({
  host: { h: host as never },
  vm: { v: vm as never },
});

describe('tabs a host can show', () => {
  it('shows every tab to a host that has every capability', () => {
    expect(ids(tabsFor('host', ALL))).toEqual(ids(DETAIL_TABS.host));
    expect(ids(tabsFor('vm', ALL))).toEqual(ids(DETAIL_TABS.vm));
  });

  it('hides Storage from a host without storage, and only it', () => {
    const caps = { ...ALL, storage: false };
    expect(ids(tabsFor('host', caps))).toEqual(
      ids(DETAIL_TABS.host).filter((id) => id !== 'storage'),
    );
    // A remembered Storage tab falls back to the first rather than showing an empty view.
    expect(tabShown(picked('storage', 'xml'), 'host', 'h', caps)).toBe('overview');
    expect(tabShown(picked('storage', 'xml'), 'host', 'h', ALL)).toBe('storage');
  });

  it('hides Snapshots from a VM whose host has no snapshots, and only it', () => {
    const caps = { ...ALL, snapshots: false };
    expect(ids(tabsFor('vm', caps))).toEqual(['overview', 'hardware', 'xml', 'console', 'display']);
    expect(tabShown(picked('overview', 'snapshots'), 'vm', 'v', caps)).toBe('overview');
    expect(tabShown(picked('overview', 'console'), 'vm', 'v', caps)).toBe('console');
  });

  it('shows Hardware, after Overview, only for hosts with the hardware capability', () => {
    expect(ids(tabsFor('vm', ALL)).slice(0, 2)).toEqual(['overview', 'hardware']);
    expect(ids(tabsFor('vm', { ...ALL, hardware: false }))).not.toContain('hardware');
    expect(tabShown(picked('overview', 'hardware'), 'vm', 'v', { ...ALL, hardware: false })).toBe(
      'overview',
    );
  });

  it('shows Display only for hosts that can show VM screens', () => {
    expect(ids(tabsFor('vm', { ...ALL, display: false }))).not.toContain('display');
    expect(ids(tabsFor('vm', ALL))).toContain('display');
    expect(tabShown(picked('overview', 'display'), 'vm', 'v', { ...ALL, display: false })).toBe(
      'overview',
    );
  });

  it('shows only the tabs that need nothing while the host is unknown', () => {
    expect(ids(tabsFor('vm', undefined))).toEqual(['overview', 'xml', 'console']);
  });
});

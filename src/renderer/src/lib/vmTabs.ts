// The views of a VM's detail pane, in tab order. Later views (snapshots) join here.
export const VM_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'xml', label: 'XML' },
  { id: 'console', label: 'Console' },
  { id: 'snapshots', label: 'Snapshots' },
] as const;

export type VmTab = (typeof VM_TABS)[number]['id'];

export const DEFAULT_VM_TAB: VmTab = 'overview';

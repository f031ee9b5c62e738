// The views of a host's detail pane, in tab order.
export const HOST_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'storage', label: 'Storage' },
] as const;

export type HostTab = (typeof HOST_TABS)[number]['id'];

export const DEFAULT_HOST_TAB: HostTab = 'overview';

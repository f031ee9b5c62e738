// Words for network kinds and what a network's addresses read as, as the Networks view shows them.
import type { Network, NetworkKind } from '../../../../shared/model';

const KIND_WORDS: Record<NetworkKind, string> = {
  nat: 'NAT',
  routed: 'Routed',
  open: 'Open',
  isolated: 'Isolated',
  bridge: 'Host bridge',
  macvtap: 'macvtap',
  hostdev: 'SR-IOV VF pool',
  other: 'Other',
};

export function networkKindWord(n: Pick<Network, 'kind' | 'forwardMode'>): string {
  return n.kind === 'other' ? (n.forwardMode ?? 'Other') : KIND_WORDS[n.kind];
}

/** '192.168.122.1/24', one per address. */
export function addressesText(n: Network): string {
  return n.addresses.map((a) => `${a.address}/${a.prefix}`).join(', ');
}

export function dhcpText(n: Network): string {
  return n.addresses
    .flatMap((a) => (a.dhcpRange ? [`${a.dhcpRange.start} – ${a.dhcpRange.end}`] : []))
    .join(', ');
}

/** The bridge, or what a macvtap / VF pool hands out. */
export function bridgeText(n: Network): string {
  if (n.bridge) return n.bridge;
  if (n.kind === 'hostdev') {
    // A pool lists its VFs by PCI address, or names the PF whose VFs it hands out.
    const vfs = n.devices.filter((d) => /^[0-9a-f]{4}:/i.test(d));
    return vfs.length > 0 ? `${vfs.length} VFs` : n.devices.map((d) => `PF ${d}`).join(', ');
  }
  return n.devices.join(', ');
}

/** The kinds the Define network dialog offers. */
export const DEFINE_KINDS = [
  { kind: 'nat', label: 'NAT (guests reach out through the host)' },
  { kind: 'isolated', label: 'Isolated (guests and host only)' },
  { kind: 'bridge', label: 'Host bridge (guests on the LAN)' },
] as const;

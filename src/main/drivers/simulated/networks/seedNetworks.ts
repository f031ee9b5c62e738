// What a simulated host's networks look like before anyone touched them: libvirt's `default` NAT
// network on virbr0 and `br0-lan`, a bridge network on the host's LAN bridge; both running and
// started at boot. The host's own bridges (what a bridge network can join) are fixed.
import { networkSpecXml } from '../../../../shared/networkXml';
import { stableUuid } from '../storage/records';
import type { SavedNetwork } from './networkFile';

/** Bridges the simulated host has of its own (not made by libvirt). */
export const SIM_HOST_BRIDGES: readonly string[] = ['br0', 'br-storage'];

export function seedNetworks(hostId: string): SavedNetwork[] {
  const nat = networkSpecXml(
    {
      kind: 'nat',
      name: 'default',
      subnet: '192.168.122.0/24',
      dhcpStart: '192.168.122.2',
      dhcpEnd: '192.168.122.254',
      bridge: '',
    },
    { uuid: stableUuid(`${hostId}/network/default`), bridge: 'virbr0', mac: '52:54:00:0a:7c:01' },
  );
  const lan = networkSpecXml(
    { kind: 'bridge', name: 'br0-lan', bridge: 'br0' },
    { uuid: stableUuid(`${hostId}/network/br0-lan`) },
  );
  return [
    { xml: nat, active: true, autostart: true },
    { xml: lan, active: true, autostart: true },
  ];
}

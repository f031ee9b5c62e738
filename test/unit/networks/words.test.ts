// How the Networks tab words each kind of network, for libvirt's own documents.
import { describe, expect, it } from 'vitest';
import { networkOfXml } from '../../../src/main/drivers/common/networkView';
import {
  addressesText,
  bridgeText,
  dhcpText,
  networkKindWord,
} from '../../../src/renderer/src/components/network/words';
import { readFixture } from '../libvirt-xml/fixtures';

const of = (file: string) =>
  networkOfXml('h', readFixture(`network/${file}`), {
    active: true,
    autostart: false,
    persistent: true,
  });

describe('network words', () => {
  it.each([
    ['nat-network.xml', 'NAT', 'virbr0', '192.168.122.1/24', '192.168.122.2 – 192.168.122.254'],
    ['routed-network.xml', 'Routed', 'virbr1', '192.168.122.1/24', ''],
    [
      'isolated-network.xml',
      'Isolated',
      'virbr2',
      '192.168.152.1/24',
      '192.168.152.2 – 192.168.152.254',
    ],
    ['host-bridge-net.xml', 'Host bridge', 'br0', '', ''],
    ['vepa-net.xml', 'macvtap', 'eth1, eth2, eth3', '', ''],
    ['hostdev.xml', 'SR-IOV VF pool', '4 VFs', '', ''],
    ['hostdev-pf-driver-model.xml', 'SR-IOV VF pool', 'PF eth2', '', ''],
  ])('%s: %s on %s', (file, kind, bridge, addresses, dhcp) => {
    const n = of(file);
    expect([networkKindWord(n), bridgeText(n), addressesText(n), dhcpText(n)]).toEqual([
      kind,
      bridge,
      addresses,
      dhcp,
    ]);
  });
});

// The network XML the Define network dialog previews and both drivers define, read back through
// the same view as libvirt's own networkxml2xml documents: each kind must say what libvirt's
// fixture of that kind says. And the kind of every libvirt fixture, as the Networks tab shows it.
import { describe, expect, it } from 'vitest';
import { parseXml, readNetwork } from '../../../src/shared/libvirt-xml';
import type { NetworkSpec } from '../../../src/shared/model';
import { networkKind } from '../../../src/shared/networks';
import { networkSpecXml } from '../../../src/shared/networkXml';
import { networkOfXml } from '../../../src/main/drivers/common/networkView';
import { parseFixture, readFixture } from '../libvirt-xml/fixtures';

const view = (xml: string) => readNetwork(parseXml(xml, { root: 'network' }));
/** What a definition means, leaving out what libvirt adds itself or the fixture has extra. */
const meaning = (v: ReturnType<typeof readNetwork>) => ({
  forwardMode: v.forwardMode,
  bridge: v.bridge,
  ips: v.ips.map((ip) => ({
    address: ip.address,
    netmask: ip.netmask,
    dhcpRanges: ip.dhcpRanges,
  })),
});

describe('network XML for each kind', () => {
  it('NAT: the same network as libvirt nat-network.xml', () => {
    const spec: NetworkSpec = {
      kind: 'nat',
      name: 'default',
      subnet: '192.168.122.0/24',
      dhcpStart: '192.168.122.2',
      dhcpEnd: '192.168.122.254',
      bridge: 'virbr0',
    };
    const xml = networkSpecXml(spec);
    expect(meaning(view(xml))).toEqual(
      meaning(readNetwork(parseFixture('network/nat-network.xml'))),
    );
    expect(xml).toBe(
      [
        '<network>',
        '  <name>default</name>',
        "  <forward mode='nat'/>",
        "  <bridge name='virbr0'/>",
        "  <ip address='192.168.122.1' netmask='255.255.255.0'>",
        '    <dhcp>',
        "      <range start='192.168.122.2' end='192.168.122.254'/>",
        '    </dhcp>',
        '  </ip>',
        '</network>',
      ].join('\n') + '\n',
    );
  });

  it('isolated with DHCP: the same network as libvirt isolated-network.xml', () => {
    const xml = networkSpecXml({
      kind: 'isolated',
      name: 'private',
      subnet: '192.168.152.0/24',
      dhcpStart: '192.168.152.2',
      dhcpEnd: '192.168.152.254',
      bridge: 'virbr2',
    });
    expect(meaning(view(xml))).toEqual(
      meaning(readNetwork(parseFixture('network/isolated-network.xml'))),
    );
    expect(xml).not.toContain('<forward');
  });

  it('isolated with no address: no <ip>, no <forward>, libvirt picks the bridge', () => {
    const xml = networkSpecXml({
      kind: 'isolated',
      name: 'vdnet-quiet',
      subnet: '',
      dhcpStart: '',
      dhcpEnd: '',
      bridge: '',
    });
    expect(xml).toBe('<network>\n  <name>vdnet-quiet</name>\n</network>\n');
  });

  it('bridge: the same network as libvirt host-bridge-net.xml', () => {
    const xml = networkSpecXml(
      { kind: 'bridge', name: 'host-bridge-net', bridge: 'br0' },
      { uuid: '81ff0d90-c91e-6742-64da-4a736edb9a8e' },
    );
    expect(view(xml)).toEqual(readNetwork(parseFixture('network/host-bridge-net.xml')));
  });

  it('what libvirt adds to a network it makes the bridge for: stp, delay and a MAC', () => {
    const xml = networkSpecXml(
      { kind: 'nat', name: 'n', subnet: '10.0.0.0/24', dhcpStart: '', dhcpEnd: '', bridge: '' },
      { uuid: 'u', bridge: 'virbr3', mac: '52:54:00:00:00:01' },
    );
    expect(xml).toContain("<bridge name='virbr3' stp='on' delay='0'/>");
    expect(xml).toContain("<mac address='52:54:00:00:00:01'/>");
    expect(xml).not.toContain('<dhcp');
  });

  it.each([
    ['nat-network.xml', 'nat'],
    ['nat-network-forward-nat-no-address.xml', 'nat'],
    ['routed-network.xml', 'routed'],
    ['open-network.xml', 'open'],
    ['isolated-network.xml', 'isolated'],
    ['host-bridge-net.xml', 'bridge'],
    ['vepa-net.xml', 'macvtap'],
    ['passthrough-pf.xml', 'macvtap'],
    ['8021Qbh-net.xml', 'macvtap'],
    ['hostdev.xml', 'hostdev'],
    ['hostdev-pf-driver-model.xml', 'hostdev'],
  ])('%s is a %s network', (file, kind) => {
    const v = readNetwork(parseFixture(`network/${file}`));
    expect(networkKind(v.forwardMode, v.bridge !== undefined)).toBe(kind);
  });

  it('a hostdev VF pool lists its VFs and has no bridge', () => {
    const n = networkOfXml('h', readFixture('network/hostdev.xml'), {
      active: true,
      autostart: false,
      persistent: true,
    });
    expect(n).toMatchObject({
      kind: 'hostdev',
      forwardMode: 'hostdev',
      bridge: null,
      devices: ['0000:03:00.1', '0000:03:00.2', '0000:03:00.3', '0000:03:00.4'],
      addresses: [],
    });
  });

  it('a NAT network reads its address, prefix and DHCP range', () => {
    const n = networkOfXml('h', readFixture('network/nat-network.xml'), {
      active: false,
      autostart: true,
      persistent: true,
    });
    expect(n).toMatchObject({
      kind: 'nat',
      bridge: 'virbr0',
      devices: ['eth1'],
      addresses: [
        {
          family: 'ipv4',
          address: '192.168.122.1',
          prefix: 24,
          dhcpRange: { start: '192.168.122.2', end: '192.168.122.254' },
        },
      ],
    });
  });
});

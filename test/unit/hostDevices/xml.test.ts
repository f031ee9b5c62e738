// The passthrough elements virtdesk writes, compared with libvirt's own test documents: what
// libvirt writes back after parsing them is the shape it expects.
import { describe, expect, it } from 'vitest';
import type { XmlElement } from '../../../src/shared/libvirt-xml';
import {
  findElement,
  hostdevInterfaceElement,
  hostdevPciElement,
  parseXml,
  sameXml,
  serializeXml,
  vfNetworkElement,
} from '../../../src/shared/libvirt-xml';
import { documentOf } from '../../../src/shared/libvirt-xml/build';
import { removeChildren } from '../../../src/shared/libvirt-xml';
import { withHostPci, withoutHostPci } from '../../../src/main/drivers/common/hostPciXml';
import { parseFixture, readFixture } from '../libvirt-xml/fixtures';

function alone(e: XmlElement) {
  return parseXml(serializeXml(documentOf(e)));
}

describe('host PCI device XML against libvirt’s fixtures', () => {
  it('writes domain/hostdev-pci-address.xml’s <hostdev>', () => {
    const fixture = findElement(
      parseFixture('domain/hostdev-pci-address.xml').root,
      'devices/hostdev',
    )!;
    expect(sameXml(alone(hostdevPciElement('0000:06:12.5')), alone(fixture))).toBe(true);
  });

  it('writes domain/net-hostdev.xml’s <interface type=hostdev> (MAC, VF address, VLAN)', () => {
    const fixture = findElement(parseFixture('domain/net-hostdev.xml').root, 'devices/interface')!;
    // virtdesk writes no virtualport (802.1Qbg switches) and leaves the model to libvirt.
    removeChildren(fixture, 'virtualport');
    removeChildren(fixture, 'model');
    const ours = hostdevInterfaceElement('0000:03:07.1', '00:11:22:33:44:55', 42);
    expect(sameXml(alone(ours), alone(fixture))).toBe(true);
    const untagged = serializeXml(
      documentOf(hostdevInterfaceElement('0000:03:07.1', '00:11:22:33:44:55', null)),
    );
    expect(untagged).not.toContain('<vlan>');
  });

  it('writes network/hostdev-pf-driver-model.xml’s forward over a PF', () => {
    const doc = parseFixture('network/hostdev-pf-driver-model.xml');
    const net = doc.root;
    removeChildren(net, 'uuid');
    removeChildren(findElement(net, 'forward')!, 'driver');
    expect(sameXml(alone(vfNetworkElement('hostdev', 'eth2')), parseXml(serializeXml(doc)))).toBe(
      true,
    );
  });

  it('adds after the last hostdev and removes by source address, losing nothing else', () => {
    const text = readFixture('domain/hostdev-pci-address.xml');
    const added = serializeXml(withHostPci(text, [hostdevPciElement('0000:b1:00.1')]));
    expect(added.indexOf('0x06')).toBeLessThan(added.indexOf('0xb1'));
    expect(added.indexOf('0xb1')).toBeLessThan(added.indexOf('<memballoon'));
    const back = withoutHostPci(added, '0000:b1:00.1')!;
    expect(sameXml(back, parseXml(text))).toBe(true);
    expect(withoutHostPci(text, '0000:b1:00.1')).toBeNull();
    const nic = readFixture('domain/net-hostdev.xml');
    expect(serializeXml(withoutHostPci(nic, '0000:03:07.1')!)).not.toContain('<interface');
  });
});

// Adding and removing host PCI devices in a domain document, as `virsh attach-device` /
// `detach-device` leave it: a <hostdev> goes after the last hostdev (else at the end of
// <devices>), an SR-IOV VF interface after the last interface; removing takes every element whose
// <source> names the address. Both drivers use these: the simulated host on its documents, the
// libvirt driver to send the same element to virsh.
import type { AssignRequest } from '../../../shared/hostDevices';
import type { XmlDocument, XmlElement } from '../../../shared/libvirt-xml';
import {
  appendChild,
  childElements,
  firstChild,
  getAttr,
  hostdevInterfaceElement,
  hostdevPciElement,
  insertAfter,
  parseXml,
  pciAddressOf,
  removeNode,
} from '../../../shared/libvirt-xml';
import { el } from '../../../shared/libvirt-xml/build';

/** The elements an assignment adds: the device (as asked) and, for the whole group, its members. */
export function assignElements(
  req: Pick<AssignRequest, 'address' | 'as' | 'vlan'>,
  mac: string | null,
  members: readonly string[],
): XmlElement[] {
  const first =
    req.as === 'interface' && mac !== null
      ? hostdevInterfaceElement(req.address, mac, req.vlan)
      : hostdevPciElement(req.address);
  return [first, ...members.map((m) => hostdevPciElement(m))];
}

function devicesOf(doc: XmlDocument): XmlElement {
  return firstChild(doc.root, 'devices') ?? appendChild(doc.root, el('devices'));
}

/** The domain `text` with the elements added. */
export function withHostPci(text: string, elements: readonly XmlElement[]): XmlDocument {
  const doc = parseXml(text, { root: 'domain' });
  const devices = devicesOf(doc);
  for (const e of elements) {
    const name = 'interface' in e ? 'interface' : 'hostdev';
    const after = childElements(devices, name).at(-1);
    if (after) insertAfter(devices, after, e);
    else appendChild(devices, e);
  }
  return doc;
}

/** The <hostdev> / <interface type='hostdev'> elements of the domain naming `address`. */
export function hostPciElements(doc: XmlDocument, address: string): XmlElement[] {
  const devices = firstChild(doc.root, 'devices');
  if (!devices) return [];
  return [
    ...childElements(devices, 'hostdev').filter((h) => getAttr(h, 'type') === 'pci'),
    ...childElements(devices, 'interface').filter((n) => getAttr(n, 'type') === 'hostdev'),
  ].filter((e) => {
    const source = firstChild(e, 'source');
    return source !== undefined && pciAddressOf(firstChild(source, 'address')) === address;
  });
}

/** The domain `text` without the device; null when it does not hold it. */
export function withoutHostPci(text: string, address: string): XmlDocument | null {
  const doc = parseXml(text, { root: 'domain' });
  const found = hostPciElements(doc, address);
  if (found.length === 0) return null;
  const devices = devicesOf(doc);
  for (const e of found) removeNode(devices, e);
  return doc;
}

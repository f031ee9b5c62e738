import { documentOf, el } from './build';
import { serializeXml } from './serialize';
import type { XmlElement } from './tree';

// PCI passthrough elements as libvirt writes them back (its own test fixtures are the reference):
// a raw <hostdev> (domain/hostdev-pci-address.xml), an SR-IOV VF as <interface type='hostdev'>
// with MAC and VLAN (domain/net-hostdev.xml), and a VF pool network over a PF
// (network/hostdev-pf-driver-model.xml). managed='yes' lets libvirt move the device between its
// host driver and vfio-pci at start and stop.

function address(pci: string, typed: boolean): XmlElement {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(pci);
  if (m === null) throw new Error(`not a PCI address: ${pci}`);
  const [, domain = '', bus = '', slot = '', fn = ''] = m;
  const parts = { domain: `0x${domain}`, bus: `0x${bus}`, slot: `0x${slot}`, function: `0x${fn}` };
  // libvirt writes type='pci' inside an interface's <source>, not inside a hostdev's.
  return el('address', typed ? { type: 'pci', ...parts } : parts);
}

/** `<hostdev mode='subsystem' type='pci' managed='yes'><source><address …/></source></hostdev>`. */
export function hostdevPciElement(pci: string): XmlElement {
  return el(
    'hostdev',
    { mode: 'subsystem', type: 'pci', managed: 'yes' },
    el('source', {}, address(pci, false)),
  );
}

/** An SR-IOV VF given to the guest as a NIC: MAC, the VF's address, and an optional VLAN tag. */
export function hostdevInterfaceElement(pci: string, mac: string, vlan: number | null): XmlElement {
  return el(
    'interface',
    { type: 'hostdev', managed: 'yes' },
    el('mac', { address: mac }),
    el('source', {}, address(pci, true)),
    vlan !== null && el('vlan', {}, el('tag', { id: String(vlan) })),
  );
}

/** A network whose every VF of `pfDev` is handed out on demand, by network name. */
export function vfNetworkElement(name: string, pfDev: string): XmlElement {
  return el(
    'network',
    {},
    el('name', {}, name),
    el('forward', { mode: 'hostdev', managed: 'yes' }, el('pf', { dev: pfDev })),
  );
}

/** An element alone as libvirt indents it, for `attach-device` / `net-define` on stdin. */
export function elementXml(e: XmlElement): string {
  return serializeXml(documentOf(e));
}

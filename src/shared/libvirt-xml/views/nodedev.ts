import type { PciClass, SriovRole } from '../../model';
import { childElements, firstChild, type XmlElement, type XmlSource } from '../tree';
import { formatPciAddress, parseCUint, pciAddressOf, uintAttr } from '../values';
import { attr, expectElement, text } from './common';

// A host device (`virsh nodedev-dumpxml`), read for the passthrough page: what the device is, which
// IOMMU group it shares (everything in a group must go to the same VM), and its SR-IOV relations.

export interface NodedevPci {
  /** '0000:02:10.7' */
  address?: string;
  /** The 24-bit PCI class code, e.g. 0x020000 for an Ethernet controller. */
  classCode?: number;
  pciClass: PciClass;
  vendorId?: string;
  vendor?: string;
  productId?: string;
  product?: string;
  iommuGroup?: { number: number; addresses: string[] };
  numaNode?: number;
  /** Set on a virtual function: the PF it belongs to. */
  physicalFunction?: string;
  /** Set on an SR-IOV capable PF (present even when no VF is enabled). */
  virtualFunctions?: { maxCount?: number; addresses: string[] };
  mdevTypes: { id: string; name?: string; deviceApi?: string; availableInstances?: number }[];
}

export interface NodedevView {
  name?: string;
  path?: string;
  parent?: string;
  /** The bound kernel driver ('vfio-pci', 'e1000e'), absent when unbound. */
  driver?: string;
  devnode?: string;
  /** Capability types in order: 'pci', 'net', 'scsi_host', 'mdev'… */
  capabilities: string[];
  pci?: NodedevPci;
  net?: { interface?: string; mac?: string };
}

export function readNodedev(src: XmlSource): NodedevView {
  const root = expectElement(src, 'device');
  const caps = childElements(root, 'capability');
  const pci = caps.find((c) => attr(c, 'type') === 'pci');
  const net = caps.find((c) => attr(c, 'type') === 'net');
  return {
    name: text(root, 'name'),
    path: text(root, 'path'),
    parent: text(root, 'parent'),
    driver: text(root, 'driver/name'),
    devnode: text(firstChild(root, 'devnode')),
    capabilities: caps.flatMap((c) => attr(c, 'type') ?? []),
    pci: pci && readPci(pci),
    net: net && { interface: text(net, 'interface'), mac: text(net, 'address') },
  };
}

/** Nodedev writes the address as decimal child elements (<bus>2</bus>), not attributes. */
function pciAddressOfChildren(cap: XmlElement): string | undefined {
  const part = (name: string) => {
    const t = text(cap, name);
    return t !== undefined && /^[0-9]{1,5}$/.test(t) ? Number(t) : undefined;
  };
  const [domain, bus, slot, fn] = ['domain', 'bus', 'slot', 'function'].map(part);
  if (domain === undefined || bus === undefined || slot === undefined || fn === undefined) {
    return undefined;
  }
  if (domain > 0xffff || bus > 0xff || slot > 0x1f || fn > 7) return undefined;
  return formatPciAddress(domain, bus, slot, fn);
}

function addresses(el: XmlElement | undefined): string[] {
  if (el === undefined) return [];
  return childElements(el, 'address').flatMap((a) => pciAddressOf(a) ?? []);
}

function readPci(cap: XmlElement): NodedevPci {
  const sub = (type: string) =>
    childElements(cap, 'capability').find((c) => attr(c, 'type') === type);
  const vendor = firstChild(cap, 'vendor');
  const product = firstChild(cap, 'product');
  const group = firstChild(cap, 'iommuGroup');
  const groupNumber = uintAttr(group, 'number');
  const vfs = sub('virt_functions');
  const classCode = parseCUint(text(cap, 'class'));
  const mdev = sub('mdev_types');
  return {
    address: pciAddressOfChildren(cap),
    classCode,
    pciClass: pciClassOf(classCode),
    vendorId: attr(vendor, 'id'),
    vendor: text(vendor),
    productId: attr(product, 'id'),
    product: text(product),
    iommuGroup:
      groupNumber === undefined ? undefined : { number: groupNumber, addresses: addresses(group) },
    numaNode: uintAttr(firstChild(cap, 'numa'), 'node'),
    physicalFunction: addresses(sub('phys_function'))[0],
    virtualFunctions: vfs && { maxCount: uintAttr(vfs, 'maxCount'), addresses: addresses(vfs) },
    mdevTypes: (mdev === undefined ? [] : childElements(mdev, 'type')).flatMap((t) => {
      const id = attr(t, 'id');
      if (id === undefined) return [];
      const availableInstances = parseCUint(text(t, 'availableInstances'));
      return [{ id, name: text(t, 'name'), deviceApi: text(t, 'deviceAPI'), availableInstances }];
    }),
  };
}

/** The model's coarse class from a PCI class code (base class, subclass, prog-if). */
export function pciClassOf(code: number | undefined): PciClass {
  if (code === undefined) return 'other';
  const base = code >> 16;
  const sub = (code >> 8) & 0xff;
  if (base === 0x01) return 'storage';
  if (base === 0x02) return 'network';
  if (base === 0x03) return 'display';
  if (base === 0x04 && (sub === 0x01 || sub === 0x03)) return 'audio';
  if (base === 0x0c && sub === 0x03) return 'usb';
  return 'other';
}

/**
 * The device's SR-IOV role in the model's terms: a PF is a device that can carry VFs (libvirt
 * reports maxCount or VF addresses); a VF names its PF. Neither: undefined.
 */
export function sriovRoleOf(pci: NodedevPci): SriovRole | undefined {
  const vfs = pci.virtualFunctions;
  if (vfs !== undefined && ((vfs.maxCount ?? 0) > 0 || vfs.addresses.length > 0)) {
    return { role: 'pf', maxVfs: vfs.maxCount ?? vfs.addresses.length, vfs: vfs.addresses };
  }
  if (pci.physicalFunction !== undefined) return { role: 'vf', pf: pci.physicalFunction };
  return undefined;
}

// Host PCI devices for the passthrough views: `nodedev-list --cap pci`, then every device's XML
// in one batched round trip (IOMMU group, SR-IOV PF/VF, NUMA node, bound driver).
import type { PciDevice } from '../../../shared/model';
import { parseXml, readNodedev, sriovRoleOf } from '../../../shared/libvirt-xml';
import type { Virsh } from './domain';
import { virshLine } from './quote';

const hexId = (id: string | undefined): string => (id ?? '').replace(/^0x/i, '').toLowerCase();

/** One device's XML as the model's PciDevice; null for a device without a PCI address. */
export function pciDeviceOf(xml: string): PciDevice | null {
  const view = readNodedev(parseXml(xml, { root: 'device' }));
  const pci = view.pci;
  if (!pci?.address) return null;
  const vendorId = hexId(pci.vendorId);
  const productId = hexId(pci.productId);
  const device: PciDevice = {
    address: pci.address,
    // Hosts without pci.ids have no names: the ids are what lspci -n would show.
    vendor: pci.vendor ?? vendorId,
    product: pci.product ?? productId,
    vendorId,
    productId,
    pciClass: pci.pciClass,
    driver: view.driver ?? null,
    // -1: the host has no IOMMU (or it is off), so the device cannot be passed through.
    iommuGroup: pci.iommuGroup?.number ?? -1,
    numaNode: pci.numaNode ?? null,
  };
  const sriov = sriovRoleOf(pci);
  return sriov ? { ...device, sriov } : device;
}

export const NODEDEV_LIST_PCI = virshLine('nodedev-list', ['--cap', 'pci']);

export async function nodeDeviceListPci({ virsh }: { virsh: Virsh }): Promise<PciDevice[]> {
  return nodeDevicesPciOf(virsh, await virsh.call(NODEDEV_LIST_PCI));
}

/** nodeDeviceListPci for a `nodedev-list --cap pci` already read (it rode a batch). */
export async function nodeDevicesPciOf(virsh: Virsh, list: string): Promise<PciDevice[]> {
  const names = list
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (names.length === 0) return [];
  const xmls = await virsh.batch(names.map((n) => virshLine('nodedev-dumpxml', ['--device', n])));
  const out: PciDevice[] = [];
  for (const r of xmls) {
    // A device unplugged between the two calls is simply not there any more.
    if (!r.ok) continue;
    const d = pciDeviceOf(r.stdout);
    if (d) out.push(d);
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

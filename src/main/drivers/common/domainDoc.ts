// One stored libvirt domain document and what virtdesk reads from it. The XML text is the truth;
// the facts are read from it once, when the document is made, so listing a thousand VMs never
// parses anything. Documents are immutable: an edit makes a new one.
import type { DiskView, InterfaceView, XmlDocument } from '../../../shared/libvirt-xml';
import {
  parseCpuset,
  parseXml,
  readDomain,
  sameXml,
  serializeXml,
} from '../../../shared/libvirt-xml';
import type { DomainView } from '../../../shared/libvirt-xml';
import type { AssignedPci } from '../../../shared/hostDevices';
import type { Disk, DiskBus, Nic } from '../../../shared/model';

/** A disk as the view shows it, before its capacity is looked up among the host's volumes. */
export type DiskFacts = Omit<Disk, 'capacityBytes'>;

export interface DomainFacts {
  name: string;
  uuid: string | undefined;
  title: string;
  description: string;
  /** Undefined when <vcpu> is present but not a number libvirt would read. */
  vcpus: number | undefined;
  currentVcpus: number | undefined;
  memoryKiB: number | undefined;
  /** <currentMemory>: the balloon's target; absent means all of <memory>. */
  currentMemoryKiB: number | undefined;
  disks: DiskFacts[];
  nics: Nic[];
  /** Host PCI devices: <hostdev type='pci'> and <interface type='hostdev'>. */
  hostPci: AssignedPci[];
  /** Host CPUs the vCPUs are pinned to and the memory nodeset; empty when not pinned. */
  pinnedCpus: number[];
  /** Every host CPU its vCPUs, emulator or iothreads are pinned to (the Hardware tab's map). */
  allPinnedCpus: number[];
  memoryNodes: number[];
}

export interface DomainDoc {
  /** The serialized document: what `virsh dumpxml` prints and what is saved. */
  readonly text: string;
  readonly facts: DomainFacts;
}

const BUSES: readonly DiskBus[] = ['virtio', 'scsi', 'sata', 'ide'];
const NIC_TYPES: readonly Nic['type'][] = ['network', 'bridge', 'direct', 'hostdev', 'user'];

// The model's unions are narrower than libvirt's; the nearest kind keeps the VM visible rather
// than hiding it over a bus or NIC type the list cannot name.
function busOf(d: DiskView): DiskBus {
  const bus = BUSES.find((b) => b === d.bus);
  if (bus !== undefined) return bus;
  const dev = d.targetDev ?? '';
  return dev.startsWith('hd') ? 'ide' : dev.startsWith('sd') ? 'sata' : 'virtio';
}

export function diskFacts(d: DiskView): DiskFacts {
  const pooled =
    d.sourcePool !== undefined && d.sourceVolume !== undefined
      ? `${d.sourcePool}/${d.sourceVolume}`
      : undefined;
  return {
    target: d.targetDev ?? '',
    device: d.device === 'cdrom' ? 'cdrom' : 'disk',
    bus: busOf(d),
    source: d.sourceFile ?? d.sourceDev ?? pooled ?? d.sourceName ?? null,
    format: d.format ?? null,
  };
}

function nicFacts(n: InterfaceView): Nic {
  const type = NIC_TYPES.find((t) => t === n.type) ?? 'user';
  const source =
    type === 'user'
      ? ''
      : (n.sourceNetwork ?? n.sourceBridge ?? n.sourceDev ?? n.sourcePciAddress ?? '');
  return { mac: n.mac ?? '', type, source, model: n.model ?? (type === 'hostdev' ? 'vfio' : '') };
}

function factsOf(doc: XmlDocument): DomainFacts {
  const view = readDomain(doc);
  // libvirt reads a missing <vcpu> as one vcpu.
  const vcpus = view.vcpu === undefined ? 1 : view.vcpu.count;
  return {
    name: view.name ?? '',
    uuid: view.uuid,
    title: view.title ?? '',
    description: view.description ?? '',
    vcpus,
    currentVcpus: view.vcpu?.current,
    memoryKiB: view.memoryKiB,
    currentMemoryKiB: view.currentMemoryKiB,
    disks: view.disks.map(diskFacts),
    nics: view.interfaces.map(nicFacts),
    hostPci: hostPciOf(view),
    pinnedCpus: [
      ...new Set((view.cputune?.vcpupin ?? []).flatMap((p) => parseCpuset(p.cpuset) ?? [])),
    ],
    allPinnedCpus: allPinned(view),
    memoryNodes: parseCpuset(view.numatune?.memory?.nodeset) ?? [],
  };
}

function allPinned(view: DomainView): number[] {
  const t = view.cputune;
  if (!t) return [];
  const sets = [...t.vcpupin, ...t.iothreadpin].map((p) => p.cpuset);
  if (t.emulatorpin !== undefined) sets.push(t.emulatorpin);
  return [...new Set(sets.flatMap((s) => parseCpuset(s) ?? []))].sort((a, b) => a - b);
}

function hostPciOf(view: DomainView): AssignedPci[] {
  const raw = view.hostdevs.flatMap((h) =>
    h.type === 'pci' && h.pciAddress
      ? [{ address: h.pciAddress, as: 'hostdev' as const, managed: h.managed === true }]
      : [],
  );
  const nics = view.interfaces.flatMap((n) =>
    n.type === 'hostdev' && n.sourcePciAddress
      ? [
          {
            address: n.sourcePciAddress,
            as: 'interface' as const,
            managed: n.managed === true,
            ...(n.mac ? { mac: n.mac } : {}),
            ...(n.vlanTag !== undefined ? { vlan: n.vlanTag } : {}),
          },
        ]
      : [],
  );
  return [...raw, ...nics];
}

/** A document built or parsed in this process; its tree is not kept. */
export function domainDocOf(doc: XmlDocument): DomainDoc {
  return { text: serializeXml(doc), facts: factsOf(doc) };
}

/** Parses untrusted or stored text; throws the library's XmlError (INVALID_INPUT, with a line). */
export function parseDomainDoc(xml: string): { tree: XmlDocument; doc: DomainDoc } {
  const tree = parseXml(xml, { root: 'domain' });
  return { tree, doc: domainDocOf(tree) };
}

/** libvirt accepts a UUID with or without dashes, in either case. */
export function normalizeUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

/**
 * Whether two definitions differ in substance (attribute order, quoting and indentation do not
 * count). Parses only when the texts differ, which is rare: a running VM's live definition is the
 * very document its persistent one was at boot.
 */
export function sameDefinition(a: DomainDoc, b: DomainDoc, aTree?: XmlDocument): boolean {
  if (a === b || a.text === b.text) return true;
  return sameXml(aTree ?? parseXml(a.text), parseXml(b.text));
}

// Adding a volume to a domain as a new disk, as `virsh attach-disk … --persistent [--live]` leaves
// the XML: the next free target of its bus (vdX for virtio-blk, sdX for virtio-scsi), a PCI slot on
// a free pcie-root-port for a virtio disk or a new virtio-scsi controller, a drive address on that
// controller for a SCSI disk. A shut-off VM's definition gets a new root port when none is free;
// a running VM cannot (libvirt: "No more available PCI slots").
import { VirtdeskError } from '../../../shared/errors';
import type { XmlDocument, XmlElement } from '../../../shared/libvirt-xml';
import {
  appendChild,
  childElements,
  firstChild,
  getAttr,
  insertAfter,
  insertFirst,
  parseXml,
  pciAddress,
  rootPort,
} from '../../../shared/libvirt-xml';
import { el } from '../../../shared/libvirt-xml/build';
import type { AttachBus } from '../../../shared/model';
import type { DomainDoc } from './domainDoc';

export interface DiskSource {
  /** libvirt's disk type: an image file, a block device (LVM), or a network image (RBD). */
  kind: 'file' | 'block' | 'network';
  path: string;
  format: string;
  /** RBD monitors and credentials. */
  hosts?: { name: string; port?: number }[];
  auth?: { username: string; secretUuid: string };
}

const PREFIX: Record<AttachBus, string> = { virtio: 'vd', scsi: 'sd' };

/** 0 → a, 25 → z, 26 → aa: libvirt's disk name suffixes. */
function suffix(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** The first free target of the bus among every definition of the VM. */
export function nextTarget(docs: readonly DomainDoc[], bus: AttachBus): string {
  const taken = new Set(docs.flatMap((d) => d.facts.disks.map((disk) => disk.target)));
  for (let i = 0; ; i++) {
    const name = PREFIX[bus] + suffix(i);
    if (!taken.has(name)) return name;
  }
}

function hostError(message: string): VirtdeskError {
  return new VirtdeskError('HOST_ERROR', message);
}

/** A free pcie-root-port's bus, adding a port to a definition that is not running. */
function freeBus(devices: XmlElement, live: boolean): number {
  const controllers = childElements(devices, 'controller');
  const ports = controllers.filter(
    (c) => getAttr(c, 'type') === 'pci' && getAttr(c, 'model') === 'pcie-root-port',
  );
  const used = new Set(
    childElements(devices)
      .flatMap((d) => childElements(d, 'address'))
      .filter((a) => getAttr(a, 'type') === 'pci')
      .map((a) => parseInt(getAttr(a, 'bus') ?? '0', 16)),
  );
  const free = ports.map((p) => Number(getAttr(p, 'index'))).find((i) => i > 0 && !used.has(i));
  if (free !== undefined) return free;
  if (live) throw hostError('No more available PCI slots: shut the VM down to add this disk.');
  const pciIndexes = controllers
    .filter((c) => getAttr(c, 'type') === 'pci')
    .map((c) => Number(getAttr(c, 'index') ?? '0'));
  const port = Math.max(0, ...pciIndexes) + 1;
  const controller = rootPort(port, { multifunction: false });
  const last = ports.at(-1) ?? controllers.at(-1);
  if (last) insertAfter(devices, last, controller);
  else insertFirst(devices, controller);
  return port;
}

/** The virtio-scsi controller's index, adding one (on a free PCI port) when there is none. */
function scsiController(devices: XmlElement, live: boolean): number {
  const controllers = childElements(devices, 'controller');
  const existing = controllers.find(
    (c) => getAttr(c, 'type') === 'scsi' && getAttr(c, 'model') === 'virtio-scsi',
  );
  if (existing) return Number(getAttr(existing, 'index') ?? '0');
  const scsiIndexes = controllers
    .filter((c) => getAttr(c, 'type') === 'scsi')
    .map((c) => Number(getAttr(c, 'index') ?? '0'));
  const index = scsiIndexes.length === 0 ? 0 : Math.max(...scsiIndexes) + 1;
  const bus = freeBus(devices, live);
  const controller = el(
    'controller',
    { type: 'scsi', index: String(index), model: 'virtio-scsi' },
    el('address', pciAddress(bus)),
  );
  const after = childElements(devices, 'controller').at(-1);
  if (after) insertAfter(devices, after, controller);
  else insertFirst(devices, controller);
  return index;
}

function driveUnit(devices: XmlElement, controller: number): number {
  const units = new Set(
    childElements(devices, 'disk')
      .map((d) => firstChild(d, 'address'))
      .filter(
        (a): a is XmlElement =>
          a !== undefined &&
          getAttr(a, 'type') === 'drive' &&
          Number(getAttr(a, 'controller') ?? '0') === controller,
      )
      .map((a) => Number(getAttr(a, 'unit') ?? '0')),
  );
  let unit = 0;
  while (units.has(unit)) unit++;
  return unit;
}

function sourceOf(d: DiskSource): XmlElement {
  if (d.kind === 'file') return el('source', { file: d.path });
  if (d.kind === 'block') return el('source', { dev: d.path });
  return el(
    'source',
    { protocol: 'rbd', name: d.path },
    ...(d.hosts ?? []).map((h) =>
      el('host', h.port === undefined ? { name: h.name } : { name: h.name, port: String(h.port) }),
    ),
  );
}

/** The domain `text` with the disk added at `target`; throws HOST_ERROR when it cannot be. */
export function withDisk(
  text: string,
  disk: DiskSource,
  target: string,
  bus: AttachBus,
  live: boolean,
): XmlDocument {
  const doc = parseXml(text, { root: 'domain' });
  const devices = firstChild(doc.root, 'devices') ?? appendChild(doc.root, el('devices'));
  const driver: Record<string, string> = { name: 'qemu', type: disk.format };
  if (disk.kind !== 'network')
    Object.assign(driver, { cache: 'none', io: 'native', discard: 'unmap' });
  let address: XmlElement;
  if (bus === 'virtio') {
    address = el('address', pciAddress(freeBus(devices, live)));
  } else {
    const controller = scsiController(devices, live);
    const unit = driveUnit(devices, controller);
    address = el('address', {
      type: 'drive',
      controller: String(controller),
      bus: '0',
      target: '0',
      unit: String(unit),
    });
  }
  const element = el(
    'disk',
    { type: disk.kind, device: 'disk' },
    el('driver', driver),
    disk.auth &&
      el(
        'auth',
        { username: disk.auth.username },
        el('secret', { type: 'ceph', uuid: disk.auth.secretUuid }),
      ),
    sourceOf(disk),
    el('target', { dev: target, bus }),
    address,
  );
  const after = childElements(devices, 'disk').at(-1) ?? firstChild(devices, 'emulator');
  if (after) insertAfter(devices, after, element);
  else insertFirst(devices, element);
  return doc;
}

import { childElements, findElement, firstChild, getAttr, type XmlElement } from '../tree';
import { parseCUint, parseDecimal, pciAddressOf, uintAttr, yesNo } from '../values';
import { attr, text } from './common';

// The <devices> of a domain that virtdesk shows or acts on. Secrets are never surfaced: a graphics
// password or a disk's auth secret is reported only as present, so a view can go to the renderer.

export interface NetworkHost {
  name?: string;
  port?: number;
  transport?: string;
  socket?: string;
}

export interface DiskView {
  /** Source kind: 'file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser'… */
  type?: string;
  /** 'disk' (libvirt's default), 'cdrom', 'floppy', 'lun'. */
  device: string;
  bus?: string;
  targetDev?: string;
  sourceFile?: string;
  sourceDev?: string;
  sourceDir?: string;
  sourcePool?: string;
  sourceVolume?: string;
  sourceMode?: string;
  sourceProtocol?: string;
  sourceName?: string;
  sourceHosts: NetworkHost[];
  /** vhost-user socket path, or an NVMe controller's PCI address. */
  sourcePath?: string;
  sourcePciAddress?: string;
  driverName?: string;
  /** The image format, from <driver type=…>: 'raw', 'qcow2'… */
  format?: string;
  cache?: string;
  io?: string;
  iothread?: number;
  discard?: string;
  readonly: boolean;
  shareable: boolean;
  serial?: string;
  bootOrder?: number;
  hasAuth: boolean;
  guestPciAddress?: string;
}

export interface InterfaceView {
  type?: string;
  mac?: string;
  sourceNetwork?: string;
  sourceBridge?: string;
  sourceDev?: string;
  sourceMode?: string;
  sourcePortgroup?: string;
  sourcePath?: string;
  /** Host PCI function behind a type='hostdev' interface (an SR-IOV VF). */
  sourcePciAddress?: string;
  /** The first <vlan><tag id=…/> (802.1Q), e.g. on an SR-IOV VF. */
  vlanTag?: number;
  model?: string;
  driverName?: string;
  queues?: number;
  targetDev?: string;
  managed?: boolean;
  bootOrder?: number;
  guestPciAddress?: string;
}

export interface HostdevView {
  mode?: string;
  /** 'pci', 'usb', 'scsi', 'mdev', 'scsi_host'. */
  type?: string;
  managed?: boolean;
  /** Host PCI address, '0000:03:00.0'. */
  pciAddress?: string;
  usbVendorId?: string;
  usbProductId?: string;
  usbBus?: number;
  usbDevice?: number;
  mdevUuid?: string;
  scsiAdapter?: string;
  model?: string;
  driverName?: string;
  bootOrder?: number;
  guestPciAddress?: string;
}

export interface ChardevView {
  type?: string;
  targetType?: string;
  targetPort?: number;
  /** The pty/file/unix path, from <source path> or the live tty attribute. */
  path?: string;
  sources: { mode?: string; host?: string; service?: string; path?: string }[];
  protocol?: string;
}

export interface GraphicsView {
  type?: string;
  /** -1 means "pick one when the VM starts". */
  port?: number;
  autoport?: boolean;
  listen?: string;
  websocket?: number;
  socket?: string;
  hasPassword: boolean;
}

export interface MemballoonView {
  model?: string;
  autodeflate?: boolean;
  statsPeriodSeconds?: number;
}

export interface DomainDevices {
  emulator?: string;
  disks: DiskView[];
  interfaces: InterfaceView[];
  hostdevs: HostdevView[];
  serials: ChardevView[];
  consoles: ChardevView[];
  graphics: GraphicsView[];
  memballoon?: MemballoonView;
}

export function readDomainDevices(root: XmlElement): DomainDevices {
  const devices = firstChild(root, 'devices');
  const all = (name: string) => (devices === undefined ? [] : childElements(devices, name));
  const balloon = all('memballoon')[0];
  return {
    emulator: text(devices, 'emulator'),
    disks: all('disk').map(readDisk),
    interfaces: all('interface').map(readInterface),
    hostdevs: all('hostdev').map(readHostdev),
    serials: all('serial').map(readChardev),
    consoles: all('console').map(readChardev),
    graphics: all('graphics').map(readGraphics),
    memballoon: balloon && {
      model: attr(balloon, 'model'),
      autodeflate: yesNo(attr(balloon, 'autodeflate')),
      statsPeriodSeconds: uintAttr(firstChild(balloon, 'stats'), 'period'),
    },
  };
}

const guestPci = (el: XmlElement) => pciAddressOf(firstChild(el, 'address'));
const bootOrder = (el: XmlElement) => uintAttr(firstChild(el, 'boot'), 'order');

export function readDisk(disk: XmlElement): DiskView {
  const source = firstChild(disk, 'source');
  const driver = firstChild(disk, 'driver');
  const target = firstChild(disk, 'target');
  return {
    type: attr(disk, 'type'),
    device: attr(disk, 'device') ?? 'disk',
    bus: attr(target, 'bus'),
    targetDev: attr(target, 'dev'),
    sourceFile: attr(source, 'file'),
    sourceDev: attr(source, 'dev'),
    sourceDir: attr(source, 'dir'),
    sourcePool: attr(source, 'pool'),
    sourceVolume: attr(source, 'volume'),
    sourceMode: attr(source, 'mode'),
    sourceProtocol: attr(source, 'protocol'),
    sourceName: attr(source, 'name'),
    sourceHosts: source === undefined ? [] : childElements(source, 'host').map(readHost),
    sourcePath: attr(source, 'path'),
    sourcePciAddress: source && pciAddressOf(firstChild(source, 'address')),
    driverName: attr(driver, 'name'),
    format: attr(driver, 'type'),
    cache: attr(driver, 'cache'),
    io: attr(driver, 'io'),
    iothread: uintAttr(driver, 'iothread'),
    discard: attr(driver, 'discard'),
    readonly: firstChild(disk, 'readonly') !== undefined,
    shareable: firstChild(disk, 'shareable') !== undefined,
    serial: text(disk, 'serial'),
    bootOrder: bootOrder(disk),
    hasAuth:
      firstChild(disk, 'auth') !== undefined || findElement(disk, 'source/auth') !== undefined,
    guestPciAddress: guestPci(disk),
  };
}

export function readHost(host: XmlElement): NetworkHost {
  return {
    name: getAttr(host, 'name'),
    port: uintAttr(host, 'port'),
    transport: getAttr(host, 'transport'),
    socket: getAttr(host, 'socket'),
  };
}

export function readInterface(nic: XmlElement): InterfaceView {
  const source = firstChild(nic, 'source');
  const driver = firstChild(nic, 'driver');
  return {
    type: attr(nic, 'type'),
    mac: attr(firstChild(nic, 'mac'), 'address'),
    sourceNetwork: attr(source, 'network'),
    sourceBridge: attr(source, 'bridge'),
    sourceDev: attr(source, 'dev'),
    sourceMode: attr(source, 'mode'),
    sourcePortgroup: attr(source, 'portgroup'),
    sourcePath: attr(source, 'path'),
    sourcePciAddress: source && pciAddressOf(firstChild(source, 'address')),
    vlanTag: uintAttr(findElement(nic, 'vlan/tag'), 'id'),
    model: attr(firstChild(nic, 'model'), 'type'),
    driverName: attr(driver, 'name'),
    queues: uintAttr(driver, 'queues'),
    targetDev: attr(firstChild(nic, 'target'), 'dev'),
    managed: yesNo(attr(nic, 'managed')),
    bootOrder: bootOrder(nic),
    guestPciAddress: guestPci(nic),
  };
}

export function readHostdev(hd: XmlElement): HostdevView {
  const source = firstChild(hd, 'source');
  const type = attr(hd, 'type');
  const address = source && firstChild(source, 'address');
  return {
    mode: attr(hd, 'mode'),
    type,
    managed: yesNo(attr(hd, 'managed')),
    pciAddress: type === 'pci' ? pciAddressOf(address) : undefined,
    usbVendorId: attr(findElement(hd, 'source/vendor'), 'id'),
    usbProductId: attr(findElement(hd, 'source/product'), 'id'),
    usbBus: type === 'usb' ? uintAttr(address, 'bus') : undefined,
    usbDevice: type === 'usb' ? uintAttr(address, 'device') : undefined,
    mdevUuid: type === 'mdev' ? attr(address, 'uuid') : undefined,
    scsiAdapter: attr(findElement(hd, 'source/adapter'), 'name'),
    model: attr(hd, 'model'),
    driverName: attr(firstChild(hd, 'driver'), 'name'),
    bootOrder: bootOrder(hd),
    guestPciAddress: guestPci(hd),
  };
}

export function readChardev(dev: XmlElement): ChardevView {
  const target = firstChild(dev, 'target');
  const sources = childElements(dev, 'source').map((s) => ({
    mode: getAttr(s, 'mode'),
    host: getAttr(s, 'host'),
    service: getAttr(s, 'service'),
    path: getAttr(s, 'path'),
  }));
  return {
    type: attr(dev, 'type'),
    targetType: attr(target, 'type'),
    targetPort: parseCUint(attr(target, 'port')),
    path: sources.find((s) => s.path !== undefined)?.path ?? attr(dev, 'tty'),
    sources,
    protocol: attr(firstChild(dev, 'protocol'), 'type'),
  };
}

export function readGraphics(g: XmlElement): GraphicsView {
  const listen = firstChild(g, 'listen');
  return {
    type: attr(g, 'type'),
    port: parseDecimal(attr(g, 'port')),
    autoport: yesNo(attr(g, 'autoport')),
    listen: attr(g, 'listen') ?? attr(listen, 'address') ?? attr(listen, 'socket'),
    websocket: parseDecimal(attr(g, 'websocket')),
    socket: attr(g, 'socket'),
    hasPassword: attr(g, 'passwd') !== undefined,
  };
}

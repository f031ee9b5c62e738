import { el } from './build';
import type { XmlElement } from './tree';

// The <devices> of a new q35 domain, as libvirt writes them after `virsh define` of what
// virt-install generates: each PCI device on its own pcie-root-port (bus n sits behind port n),
// in virt-install's order, plus the serial console, the guest-agent channel, balloon and rng.

export interface NewDiskSpec {
  /** Default 'disk'. */
  device?: 'disk' | 'cdrom';
  /** Default 'virtio' for a disk, 'sata' for a cdrom. */
  bus?: string;
  /** Path of the image; null for an empty cdrom drive. */
  source: string | null;
  /** Guest device name: vda, sda… */
  target: string;
  /** Image format; default qcow2 for a disk, raw for a cdrom. */
  format?: string | null;
}

export type NewNicType = 'network' | 'bridge' | 'direct' | 'user' | 'hostdev';

export interface NewNicSpec {
  mac: string;
  /** Default 'network'. */
  type?: NewNicType;
  /** Network name, bridge name, host device, or the host PCI address of a hostdev VF. */
  source?: string;
  /** Default 'virtio'; a hostdev NIC has none. */
  model?: string;
}

export const DEFAULT_EMULATOR = '/usr/bin/qemu-system-x86_64';

const hex = (n: number, width: number): string => `0x${n.toString(16).padStart(width, '0')}`;

/** The attributes of a PCI <address> on domain 0. */
export function pciAddress(bus: number, slot = 0, fn = 0): Record<string, string> {
  return {
    type: 'pci',
    domain: '0x0000',
    bus: hex(bus, 2),
    slot: hex(slot, 2),
    function: hex(fn, 1),
  };
}

/**
 * The pcie-root-port controller numbered `port`. Root ports fill slot 2, then 3…, eight functions
 * each; in a new domain function 0 is marked multifunction.
 */
export function rootPort(port: number, opts: { multifunction: boolean }): XmlElement {
  const fn = (port - 1) % 8;
  const address = pciAddress(0, 2 + Math.floor((port - 1) / 8), fn);
  if (opts.multifunction && fn === 0) address.multifunction = 'on';
  return el(
    'controller',
    { type: 'pci', index: String(port), model: 'pcie-root-port' },
    el('model', { name: 'pcie-root-port' }),
    el('target', { chassis: String(port), port: hex(port + 15, 1) }),
    el('address', address),
  );
}

function disk(d: NewDiskSpec, nextBus: () => number): XmlElement {
  const device = d.device ?? 'disk';
  const bus = d.bus ?? (device === 'cdrom' ? 'sata' : 'virtio');
  const format = d.format === undefined ? (device === 'cdrom' ? 'raw' : 'qcow2') : d.format;
  const driver: Record<string, string> = { name: 'qemu' };
  if (format !== null) driver.type = format;
  if (device === 'disk') Object.assign(driver, { cache: 'none', io: 'native', discard: 'unmap' });
  return el(
    'disk',
    { type: 'file', device },
    el('driver', driver),
    d.source !== null && el('source', { file: d.source }),
    el('target', { dev: d.target, bus }),
    device === 'cdrom' && el('readonly'),
    // Only virtio disks are PCI devices; the others hang off their bus's controller.
    bus === 'virtio' && el('address', pciAddress(nextBus())),
  );
}

/** 'dddd:bb:ss.f' as the <address> libvirt wants inside a hostdev's <source>. */
function hostPci(address: string): XmlElement | undefined {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(address);
  if (m === null) return undefined;
  const [, domain = '', bus = '', slot = '', fn = ''] = m;
  return el('address', {
    type: 'pci',
    domain: `0x${domain}`,
    bus: `0x${bus}`,
    slot: `0x${slot}`,
    function: `0x${fn}`,
  });
}

function nicSource(type: NewNicType, source: string | undefined): XmlElement | undefined {
  if (source === undefined || source === '' || type === 'user') return undefined;
  switch (type) {
    case 'network':
      return el('source', { network: source });
    case 'bridge':
      return el('source', { bridge: source });
    case 'direct':
      return el('source', { dev: source, mode: 'bridge' });
    case 'hostdev': {
      const address = hostPci(source);
      return address && el('source', {}, address);
    }
  }
}

function nic(n: NewNicSpec, bus: number): XmlElement {
  const type = n.type ?? 'network';
  return el(
    'interface',
    type === 'hostdev' ? { type, managed: 'yes' } : { type },
    el('mac', { address: n.mac }),
    nicSource(type, n.source),
    type !== 'hostdev' && el('model', { type: n.model ?? 'virtio' }),
    el('address', pciAddress(bus)),
  );
}

export function newDevices(disks: readonly NewDiskSpec[], nics: readonly NewNicSpec[]) {
  // virt-install's order of PCI buses: NICs, USB, virtio-serial, disks, balloon, rng.
  let bus = 0;
  const nextBus = (): number => ++bus;
  const nicBuses = nics.map(nextBus);
  const usbBus = nextBus();
  const serialBus = nextBus();
  const diskElements = disks.map((d) => disk(d, nextBus));
  const balloonBus = nextBus();
  const rngBus = nextBus();
  const ports: XmlElement[] = [];
  // Two spare ports, as virt-install leaves, so a disk or NIC can be hot-plugged later.
  for (let port = 1; port <= bus + 2; port++) ports.push(rootPort(port, { multifunction: true }));
  return el(
    'devices',
    {},
    el('emulator', {}, DEFAULT_EMULATOR),
    ...diskElements,
    el(
      'controller',
      { type: 'usb', index: '0', model: 'qemu-xhci', ports: '15' },
      el('address', pciAddress(usbBus)),
    ),
    el('controller', { type: 'pci', index: '0', model: 'pcie-root' }),
    ...ports,
    el('controller', { type: 'sata', index: '0' }, el('address', pciAddress(0, 0x1f, 2))),
    el('controller', { type: 'virtio-serial', index: '0' }, el('address', pciAddress(serialBus))),
    ...nics.map((n, i) => nic(n, nicBuses[i] ?? 0)),
    el(
      'serial',
      { type: 'pty' },
      el('target', { type: 'isa-serial', port: '0' }, el('model', { name: 'isa-serial' })),
    ),
    el('console', { type: 'pty' }, el('target', { type: 'serial', port: '0' })),
    el(
      'channel',
      { type: 'unix' },
      el('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' }),
      el('address', { type: 'virtio-serial', controller: '0', bus: '0', port: '1' }),
    ),
    el('input', { type: 'mouse', bus: 'ps2' }),
    el('input', { type: 'keyboard', bus: 'ps2' }),
    el('watchdog', { model: 'itco', action: 'reset' }),
    el('memballoon', { model: 'virtio' }, el('address', pciAddress(balloonBus))),
    el(
      'rng',
      { model: 'virtio' },
      el('backend', { model: 'random' }, '/dev/urandom'),
      el('address', pciAddress(rngBus)),
    ),
  );
}

import { childElements, firstChild, type XmlSource } from '../tree';
import { parseCUint, pciAddressOf } from '../values';
import { attr, expectElement, text } from './common';
import type { XmlElement } from '../tree';

// A virtual network (`virsh net-dumpxml`): what a VM's <interface type='network'> attaches to.

export interface NetworkIpView {
  family?: string;
  address?: string;
  netmask?: string;
  prefix?: number;
  dhcpRanges: { start?: string; end?: string }[];
  dhcpHosts: { mac?: string; name?: string; ip?: string }[];
}

export interface NetworkView {
  name?: string;
  uuid?: string;
  /** 'nat', 'route', 'open', 'bridge', 'passthrough', 'private', 'vepa', 'hostdev'; absent: isolated. */
  forwardMode?: string;
  forwardDev?: string;
  /** Host interfaces or PFs a forward mode hands out. */
  forwardInterfaces: string[];
  /** The PCI functions (VFs) a hostdev network hands out, as dddd:bb:ss.f. */
  forwardAddresses: string[];
  bridge?: string;
  mtu?: number;
  domainName?: string;
  ips: NetworkIpView[];
}

export function readNetwork(src: XmlSource): NetworkView {
  const root = expectElement(src, 'network');
  const forward = firstChild(root, 'forward');
  const devs = (name: string) => (forward === undefined ? [] : childElements(forward, name));
  return {
    name: text(root, 'name'),
    uuid: text(root, 'uuid'),
    // libvirt's default mode when <forward> has none is nat.
    forwardMode: forward === undefined ? undefined : (attr(forward, 'mode') ?? 'nat'),
    forwardDev: attr(forward, 'dev'),
    forwardInterfaces: [...devs('interface'), ...devs('pf')].flatMap((d) => attr(d, 'dev') ?? []),
    forwardAddresses: devs('address').flatMap((a) => pciAddressOf(a) ?? []),
    bridge: attr(firstChild(root, 'bridge'), 'name'),
    mtu: parseCUint(attr(firstChild(root, 'mtu'), 'size')),
    domainName: attr(firstChild(root, 'domain'), 'name'),
    ips: childElements(root, 'ip').map(readIp),
  };
}

function readIp(ip: XmlElement): NetworkIpView {
  const dhcp = firstChild(ip, 'dhcp');
  return {
    family: attr(ip, 'family'),
    address: attr(ip, 'address'),
    netmask: attr(ip, 'netmask'),
    prefix: parseCUint(attr(ip, 'prefix')),
    dhcpRanges: (dhcp === undefined ? [] : childElements(dhcp, 'range')).map((r) => ({
      start: attr(r, 'start'),
      end: attr(r, 'end'),
    })),
    dhcpHosts: (dhcp === undefined ? [] : childElements(dhcp, 'host')).map((h) => ({
      mac: attr(h, 'mac'),
      name: attr(h, 'name'),
      ip: attr(h, 'ip'),
    })),
  };
}

// The network XML a NetworkSpec stands for, as `virsh net-define` takes it and as libvirt's own
// networkxml2xml tests write each kind (test/fixtures/libvirt-xml/network/{nat-network,
// isolated-network,host-bridge-net}.xml). Built as a tree, so the Define network dialog's preview
// and the simulated host's stored definition are the same document. Pure: the renderer uses it.
import { documentOf, el } from './libvirt-xml/build';
import { serializeXml } from './libvirt-xml/serialize';
import type { XmlDocument } from './libvirt-xml/tree';
import type { NetworkSpec } from './model';
import { formatIpv4, parseCidr, prefixToNetmask } from './networks';

export interface NetworkXmlOptions {
  uuid?: string;
  /** The bridge libvirt picked (virbrN) when the spec names none; with stp/delay as libvirt writes. */
  bridge?: string;
  /** The MAC libvirt gives the bridge of a network it makes. */
  mac?: string;
}

function ipOf(spec: Extract<NetworkSpec, { subnet: string }>) {
  const subnet = parseCidr(spec.subnet);
  if (spec.subnet.trim() === '' || subnet === null) return undefined;
  const dhcp =
    spec.dhcpStart !== '' && spec.dhcpEnd !== ''
      ? el('dhcp', {}, el('range', { start: spec.dhcpStart.trim(), end: spec.dhcpEnd.trim() }))
      : undefined;
  return el(
    'ip',
    { address: formatIpv4(subnet.base + 1), netmask: prefixToNetmask(subnet.prefix) },
    dhcp,
  );
}

export function networkSpecDocument(spec: NetworkSpec, opts: NetworkXmlOptions = {}): XmlDocument {
  const name = el('name', {}, spec.name);
  const uuid = opts.uuid !== undefined && el('uuid', {}, opts.uuid);
  if (spec.kind === 'bridge')
    return documentOf(
      el(
        'network',
        {},
        name,
        uuid,
        el('forward', { mode: 'bridge' }),
        el('bridge', { name: spec.bridge }),
      ),
    );
  const bridgeName = spec.bridge !== '' ? spec.bridge : opts.bridge;
  const bridge =
    bridgeName !== undefined &&
    el(
      'bridge',
      opts.bridge !== undefined
        ? { name: bridgeName, stp: 'on', delay: '0' }
        : { name: bridgeName },
    );
  return documentOf(
    el(
      'network',
      {},
      name,
      uuid,
      spec.kind === 'nat' && el('forward', { mode: 'nat' }),
      bridge,
      opts.mac !== undefined && el('mac', { address: opts.mac }),
      ipOf(spec),
    ),
  );
}

/** The definition as text, as the dialog previews it and `net-define` gets it. */
export function networkSpecXml(spec: NetworkSpec, opts: NetworkXmlOptions = {}): string {
  return serializeXml(networkSpecDocument(spec, opts));
}

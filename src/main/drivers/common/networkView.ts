// A network as both drivers show it: its libvirt XML read into the model, who uses it (from the
// VMs' NICs), and the refusals both make the same way before libvirt is asked.
import { VirtdeskError } from '../../../shared/errors';
import { isActive } from '../../../shared/lifecycle';
import { parseXml, readNetwork } from '../../../shared/libvirt-xml';
import type { Network, NetworkAddress, NetworkUser, Vm } from '../../../shared/model';
import type { NetworkProblem } from '../../../shared/networks';
import { checkNetworkSpec, netmaskToPrefix, networkKind } from '../../../shared/networks';
import type { NetworkSpec } from '../../../shared/model';

export interface NetworkFlags {
  active: boolean;
  autostart: boolean;
  persistent: boolean;
}

/** `net-dumpxml` plus the flags `net-info` gives, as the model's Network (usedBy left empty). */
export function networkOfXml(hostId: string, xml: string, flags: NetworkFlags): Network {
  const v = readNetwork(parseXml(xml, { root: 'network' }));
  const addresses = v.ips.flatMap((ip): NetworkAddress[] => {
    if (ip.address === undefined) return [];
    const family = ip.family === 'ipv6' ? 'ipv6' : 'ipv4';
    const prefix =
      ip.prefix ??
      (ip.netmask !== undefined ? netmaskToPrefix(ip.netmask) : null) ??
      (family === 'ipv6' ? 64 : 24);
    const range = ip.dhcpRanges[0];
    return [
      {
        family,
        address: ip.address,
        prefix,
        dhcpRange:
          range?.start !== undefined && range.end !== undefined
            ? { start: range.start, end: range.end }
            : null,
      },
    ];
  });
  const kind = networkKind(v.forwardMode, v.bridge !== undefined);
  return {
    hostId,
    name: v.name ?? '',
    uuid: v.uuid ?? '',
    kind,
    forwardMode: v.forwardMode ?? null,
    ...flags,
    bridge: kind === 'macvtap' || kind === 'hostdev' ? null : (v.bridge ?? null),
    devices: [
      ...(v.forwardDev ? [v.forwardDev] : []),
      ...v.forwardInterfaces,
      ...v.forwardAddresses,
    ].filter((d, i, all) => all.indexOf(d) === i),
    addresses,
    usedBy: [],
  };
}

/** The VMs with a NIC on network `name` (type='network'), running ones first. */
export function networkUsers(name: string, vms: readonly Vm[]): NetworkUser[] {
  return vms
    .filter((vm) => vm.nics.some((n) => n.type === 'network' && n.source === name))
    .map((vm) => ({ vmId: vm.id, vmName: vm.name, running: isActive(vm.state) }))
    .sort((a, b) => Number(b.running) - Number(a.running) || a.vmName.localeCompare(b.vmName));
}

export function failNetwork(p: NetworkProblem | null): void {
  if (p) throw new VirtdeskError(p.code, p.message, p.path);
}

/** The spec's own rules (checkNetworkSpec), the first bad field as INVALID_INPUT. */
export function assertNetworkSpec(spec: NetworkSpec): void {
  const [field, problem] = Object.entries(checkNetworkSpec(spec))[0] ?? [];
  if (problem) throw new VirtdeskError('INVALID_INPUT', problem, `spec.${field}`);
}

export function alreadyActive(name: string): VirtdeskError {
  return new VirtdeskError(
    'INVALID_STATE',
    `Requested operation is not valid: network '${name}' is already active`,
  );
}

export function notActive(name: string): VirtdeskError {
  return new VirtdeskError(
    'INVALID_STATE',
    `Requested operation is not valid: network '${name}' is not active`,
  );
}

export function undefineActive(name: string): VirtdeskError {
  return new VirtdeskError(
    'INVALID_STATE',
    `Network ${name} is active: stop it before removing its definition.`,
  );
}

export function noSuchNetwork(name: string): VirtdeskError {
  return new VirtdeskError(
    'NOT_FOUND',
    `Network not found: no network with matching name '${name}'`,
  );
}

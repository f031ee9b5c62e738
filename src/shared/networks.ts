// Virtual networks: what kind a network is, IPv4 arithmetic, and the rules a network definition
// must satisfy, shared by the Define network dialog (as you type) and both drivers
// (authoritatively). Refusals that libvirt itself makes keep libvirt's words. Pure: the renderer
// imports this too.
import type { ApiMethod } from './api';
import type { Network, NetworkKind, NetworkSpec } from './model';
import { checkName } from './names';

/** The api methods a driver serves through its optional `networks` capability. */
export type NetworkMethod = Extract<ApiMethod, `network${string}`>;

export type NetworkSpecField = 'name' | 'subnet' | 'dhcpStart' | 'dhcpEnd' | 'bridge';

/**
 * The kind of a network from its <forward> mode and whether it names a bridge: libvirt's
 * mode='bridge' joins a host bridge when <bridge name> is given, else it is macvtap over the
 * listed interfaces, like private, vepa and passthrough.
 */
export function networkKind(forwardMode: string | undefined, hasBridge: boolean): NetworkKind {
  switch (forwardMode) {
    case undefined:
      return 'isolated';
    case 'nat':
      return 'nat';
    case 'route':
      return 'routed';
    case 'open':
      return 'open';
    case 'bridge':
      return hasBridge ? 'bridge' : 'macvtap';
    case 'private':
    case 'vepa':
    case 'passthrough':
      return 'macvtap';
    case 'hostdev':
      return 'hostdev';
    default:
      return 'other';
  }
}

// ---- IPv4 ----

/** '192.168.1.10' → its 32-bit value; null when it is not a dotted quad. */
export function parseIpv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export interface Subnet {
  /** The network address. */
  base: number;
  prefix: number;
}

const size = (s: Subnet): number => 2 ** (32 - s.prefix);

/** '192.168.100.0/24' → base and prefix; null when malformed. */
export function parseCidr(s: string): Subnet | null {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(s.trim());
  if (m === null) return null;
  const base = parseIpv4(m[1] ?? '');
  const prefix = Number(m[2]);
  if (base === null || prefix > 32) return null;
  return { base, prefix };
}

export function prefixToNetmask(prefix: number): string {
  return formatIpv4(2 ** 32 - 2 ** (32 - prefix));
}

/** '255.255.255.0' → 24; null unless the ones are contiguous. */
export function netmaskToPrefix(mask: string): number | null {
  const n = parseIpv4(mask);
  if (n === null) return null;
  for (let p = 0; p <= 32; p++) if (2 ** 32 - 2 ** (32 - p) === n) return p;
  return null;
}

export function subnetOf(address: number, prefix: number): Subnet {
  const span = 2 ** (32 - prefix);
  return { base: Math.floor(address / span) * span, prefix };
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

export function cidrText(s: Subnet): string {
  return `${formatIpv4(s.base)}/${s.prefix}`;
}

/** The host's address on the subnet (the first usable one) and the DHCP range virt-manager offers. */
export function subnetDefaults(s: Subnet): { gateway: string; dhcpStart: string; dhcpEnd: string } {
  return {
    gateway: formatIpv4(s.base + 1),
    dhcpStart: formatIpv4(s.base + 2),
    dhcpEnd: formatIpv4(s.base + size(s) - 2),
  };
}

/** The IPv4 subnets a network has, from its addresses. */
export function networkSubnets(n: Pick<Network, 'addresses'>): Subnet[] {
  return n.addresses.flatMap((a) => {
    const ip = a.family === 'ipv4' ? parseIpv4(a.address) : null;
    return ip === null ? [] : [subnetOf(ip, a.prefix)];
  });
}

// ---- checking a definition ----

const BRIDGE_NAME = /^[A-Za-z0-9_.:-]{1,15}$/;

export function checkBridgeName(name: string): string | null {
  if (name === '') return 'Bridge is required.';
  return BRIDGE_NAME.test(name)
    ? null
    : "A bridge name has at most 15 letters, digits, '.', '_', ':' or '-'.";
}

function checkAddressing(spec: Extract<NetworkSpec, { subnet: string }>) {
  const errors: Partial<Record<NetworkSpecField, string>> = {};
  if (spec.subnet.trim() === '') {
    if (spec.kind === 'nat') errors.subnet = 'A NAT network needs a subnet, e.g. 192.168.100.0/24.';
    else if (spec.dhcpStart !== '' || spec.dhcpEnd !== '')
      errors.dhcpStart = 'DHCP needs a subnet.';
    return errors;
  }
  const subnet = parseCidr(spec.subnet);
  if (subnet === null) {
    errors.subnet = 'Subnet must be an IPv4 network in CIDR form, e.g. 192.168.100.0/24.';
    return errors;
  }
  if (subnet.prefix < 8 || subnet.prefix > 30) {
    errors.subnet = 'The prefix must be between /8 and /30.';
    return errors;
  }
  const clean = subnetOf(subnet.base, subnet.prefix);
  if (clean.base !== subnet.base) {
    errors.subnet = `${spec.subnet.trim()} is not a network address: use ${cidrText(clean)}.`;
    return errors;
  }
  if (spec.dhcpStart === '' && spec.dhcpEnd === '') return errors;
  const start = parseIpv4(spec.dhcpStart.trim());
  const end = parseIpv4(spec.dhcpEnd.trim());
  if (start === null) errors.dhcpStart = 'DHCP start must be an IPv4 address.';
  if (end === null) errors.dhcpEnd = 'DHCP end must be an IPv4 address.';
  if (start === null || end === null) return errors;
  const gateway = subnet.base + 1;
  const last = subnet.base + size(subnet) - 2;
  const net = `${formatIpv4(gateway)}/${subnet.prefix}`;
  // libvirt's words (virSocketAddrGetRange), then the gateway, which libvirt would hand out.
  if (start < subnet.base + 1 || start > last || end < subnet.base + 1 || end > last)
    errors.dhcpEnd = `range ${formatIpv4(start)} - ${formatIpv4(end)} is not entirely within network ${net}`;
  else if (start > end)
    errors.dhcpEnd = `range ${formatIpv4(start)} - ${formatIpv4(end)} is reversed`;
  else if (start <= gateway && gateway <= end)
    errors.dhcpStart = `The range may not hold the host's own address ${formatIpv4(gateway)}.`;
  return errors;
}

/** One message per bad field of a network definition; empty when it can be defined. */
export function checkNetworkSpec(spec: NetworkSpec): Partial<Record<NetworkSpecField, string>> {
  const errors: Partial<Record<NetworkSpecField, string>> = {};
  const name = checkName(spec.name, 'Network name');
  if (name) errors.name = name;
  if (spec.kind === 'bridge') {
    const bridge = checkBridgeName(spec.bridge);
    if (bridge) errors.bridge = bridge;
    return errors;
  }
  if (spec.bridge !== '') {
    const bridge = checkBridgeName(spec.bridge);
    if (bridge) errors.bridge = bridge;
  }
  return { ...errors, ...checkAddressing(spec) };
}

/** The subnet a spec asks for, when it has one. */
export function specSubnet(spec: NetworkSpec): Subnet | null {
  return spec.kind === 'bridge' || spec.subnet.trim() === '' ? null : parseCidr(spec.subnet);
}

/** A reason a network request cannot be done, with the error code main throws for it. */
export interface NetworkProblem {
  code: 'CONFLICT' | 'INVALID_INPUT' | 'INVALID_STATE';
  message: string;
  path?: string;
}

/**
 * What the host refuses of a definition that is well formed, against its networks and its own
 * bridges, in libvirt's words where libvirt has them: a name in use, a bridge name in use (by a
 * network libvirt makes the bridge for, or one the host already has), a subnet overlapping
 * another network's, a bridge network on a bridge the host does not have.
 */
export function defineNetworkProblem(
  spec: NetworkSpec,
  networks: readonly Network[],
  hostBridges: readonly string[],
): NetworkProblem | null {
  const same = networks.find((n) => n.name === spec.name);
  if (same)
    return {
      code: 'CONFLICT',
      message: `operation failed: network '${spec.name}' already exists with uuid ${same.uuid}`,
      path: 'spec.name',
    };
  if (spec.kind === 'bridge') {
    if (!hostBridges.includes(spec.bridge))
      return {
        code: 'INVALID_INPUT',
        message:
          hostBridges.length === 0
            ? `The host has no bridge ${spec.bridge} (it has no bridges of its own).`
            : `The host has no bridge ${spec.bridge}: choose ${hostBridges.join(', ')}.`,
        path: 'spec.bridge',
      };
    return null;
  }
  const owned = networks.filter((n) => n.kind !== 'bridge' && n.bridge !== null);
  if (
    spec.bridge !== '' &&
    (owned.some((n) => n.bridge === spec.bridge) || hostBridges.includes(spec.bridge))
  )
    return {
      code: 'CONFLICT',
      message: `bridge name '${spec.bridge}' already in use.`,
      path: 'spec.bridge',
    };
  const mine = specSubnet(spec);
  if (mine === null) return null;
  for (const n of networks)
    for (const s of networkSubnets(n))
      if (overlaps(mine, s))
        return {
          code: 'CONFLICT',
          message: `Subnet ${cidrText(mine)} overlaps network ${n.name} (${cidrText(s)}).`,
          path: 'spec.subnet',
        };
  return null;
}

/** The next virbrN no network uses, as libvirt picks one for a network that names none. */
export function nextVirbr(
  networks: readonly Pick<Network, 'bridge'>[],
  taken: readonly string[] = [],
): string {
  const used = new Set([...networks.map((n) => n.bridge), ...taken]);
  for (let i = 0; ; i++) if (!used.has(`virbr${i}`)) return `virbr${i}`;
}

/** Who a stop or undefine would cut off, in words; null when no running VM has a NIC on it. */
export function runningUsersText(n: Pick<Network, 'usedBy'>): string | null {
  const running = n.usedBy.filter((u) => u.running).map((u) => u.vmName);
  if (running.length === 0) return null;
  return `${running.length === 1 ? 'VM' : 'VMs'} ${running.join(', ')} ${running.length === 1 ? 'has a NIC' : 'have NICs'} on it`;
}

// Virtual networks on a libvirt host (NetworkOps) through the host's virsh session: one round
// trip lists every network by UUID (net-dumpxml + net-info each). Definitions are checked as the
// simulated host checks them (shared/networks.ts, common/networkView.ts) and go to `net-define`
// on the stdin of a channel of their own, like pool-define; every other word is quoted.
import type { Network, NetworkLease, NetworkSpec } from '../../../shared/model';
import { defineNetworkProblem } from '../../../shared/networks';
import { networkSpecXml } from '../../../shared/networkXml';
import { getAttr, parseXml } from '../../../shared/libvirt-xml';
import {
  alreadyActive,
  assertNetworkSpec,
  failNetwork,
  networkOfXml,
  networkUsers,
  notActive,
  undefineActive,
} from '../common/networkView';
import type { DriverEvent, NetworkOps } from '../driver';
import type { Virsh } from './domain';
import { parseUuids } from './domainScan';
import { NET_LIST_UUIDS } from './network';
import { virshLine } from './quote';
import type { ExecTarget } from './storageWrites';
import { virshWithStdin } from './storageWrites';
import type { DomainRecord } from './vmRecord';
import { stdoutOf } from './virsh';

export interface NetworkHost {
  names(): { hostId: string; hostName: string };
  virsh(): Virsh;
  domains(): DomainRecord[];
  emit(event: DriverEvent): void;
  exec(): ExecTarget;
  /** The defined networks' names changed: Host.networks is re-read and announced. */
  namesChanged(names: string[]): void;
}

const N = (network: string) => ['--network', network] as const;

/** `net-info`'s "Key: value" lines. */
function infoField(info: string, key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/**
 * `net-dhcp-leases` rows: expiry date and time, MAC, protocol, address/prefix, hostname ('-' when
 * none), client id. The expiry is the host's local time; it is read as UTC for want of the zone.
 */
export function parseLeases(text: string): NetworkLease[] {
  const out: NetworkLease[] = [];
  for (const line of text.split('\n')) {
    const m =
      /^\s*(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|-)\s+([0-9a-f:]{17})\s+ipv[46]\s+(\S+)\/(\d+)\s+(\S+)/i.exec(
        line,
      );
    if (!m) continue;
    const when = m[1] === '-' ? null : Date.parse(`${(m[1] ?? '').replace(' ', 'T')}Z`);
    out.push({
      mac: (m[2] ?? '').toLowerCase(),
      ip: m[3] ?? '',
      prefix: Number(m[4]),
      hostname: m[5] === '-' ? null : (m[5] ?? null),
      expiresAt: when === null || Number.isNaN(when) ? null : when,
    });
  }
  return out;
}

/**
 * `iface-list --all` rows: the interface names. The session's virsh runs with -q, which leaves the
 * table's header out (dropping two lines unconditionally lost the first two interfaces); a header
 * is still skipped when there is one.
 */
export function ifaceNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^-+$/.test(l) && !/^Name\s+State\b/.test(l))
    .map((l) => l.split(/\s+/)[0] ?? '');
}

export class SshNetworks implements NetworkOps {
  constructor(private readonly host: NetworkHost) {}

  private get virsh(): Virsh {
    return this.host.virsh();
  }

  private hostId(): string {
    return this.host.names().hostId;
  }

  private changed(names?: string[]): void {
    this.host.emit({ type: 'networks-changed', hostId: this.hostId() });
    if (names) this.host.namesChanged(names);
  }

  private vms() {
    return this.host.domains().map((r) => r.view);
  }

  private networkOf(xml: string, info: string): Network {
    const n = networkOfXml(this.hostId(), xml, {
      active: infoField(info, 'Active') === 'yes',
      autostart: infoField(info, 'Autostart') === 'yes',
      persistent: infoField(info, 'Persistent') === 'yes',
    });
    return { ...n, usedBy: networkUsers(n.name, this.vms()) };
  }

  async networkList(): Promise<Network[]> {
    // By UUID: the names come out of each network's XML exactly, whatever characters they hold.
    const ids = [...parseUuids(await this.virsh.call(NET_LIST_UUIDS))];
    const replies = await this.virsh.batch(
      ids.flatMap((id) => [virshLine('net-dumpxml', N(id)), virshLine('net-info', N(id))]),
    );
    const out: Network[] = [];
    for (let i = 0; i < ids.length; i++) {
      const xml = replies[2 * i];
      const info = replies[2 * i + 1];
      if (xml?.ok && info?.ok) out.push(this.networkOf(xml.stdout, info.stdout));
    }
    return out;
  }

  private async network(name: string): Promise<Network> {
    const [xml, info] = await this.virsh.batch([
      virshLine('net-dumpxml', N(name)),
      virshLine('net-info', N(name)),
    ]);
    const xmlOut = stdoutOf(xml, 'INTERNAL', 'no reply');
    const infoOut = stdoutOf(info, 'INTERNAL', 'no reply');
    return this.networkOf(xmlOut, infoOut);
  }

  private async netCmd(name: string, line: string): Promise<Network> {
    try {
      await this.virsh.call(line);
    } finally {
      this.changed();
    }
    return this.network(name);
  }

  async networkDefine({ spec }: { spec: NetworkSpec }): Promise<Network> {
    assertNetworkSpec(spec);
    const [all, bridges] = await Promise.all([this.networkList(), this.bridges()]);
    // A host whose libvirt has no interface driver cannot say which bridges it has: the bridge
    // is then taken on trust, as virsh would.
    const known = bridges ?? (spec.kind === 'bridge' ? [spec.bridge] : []);
    failNetwork(defineNetworkProblem(spec, all, known));
    try {
      await virshWithStdin(
        this.host.exec(),
        ['net-define', '--file', '/dev/stdin'],
        networkSpecXml(spec),
        'defining a network',
      );
    } finally {
      this.changed([...all.map((n) => n.name), spec.name]);
    }
    return this.network(spec.name);
  }

  async networkStart({ network }: { network: string }): Promise<Network> {
    if ((await this.network(network)).active) throw alreadyActive(network);
    return this.netCmd(network, virshLine('net-start', N(network)));
  }

  async networkStop({ network }: { network: string }): Promise<Network> {
    if (!(await this.network(network)).active) throw notActive(network);
    return this.netCmd(network, virshLine('net-destroy', N(network)));
  }

  networkSetAutostart = ({ network, autostart }: { network: string; autostart: boolean }) =>
    this.netCmd(
      network,
      virshLine('net-autostart', N(network), ...(autostart ? [] : ['--disable' as const])),
    );

  async networkUndefine({ network }: { network: string }): Promise<{ removed: true }> {
    // libvirt would make an active network transient; virtdesk asks for it to be stopped first.
    if ((await this.network(network)).active) throw undefineActive(network);
    try {
      await this.virsh.call(virshLine('net-undefine', N(network)));
    } finally {
      this.changed((await this.networkList()).map((n) => n.name));
    }
    return { removed: true };
  }

  async networkGetXml({ network }: { network: string }): Promise<{ xml: string }> {
    return { xml: await this.virsh.call(virshLine('net-dumpxml', N(network))) };
  }

  async networkLeases({ network }: { network: string }): Promise<NetworkLease[]> {
    return parseLeases(await this.virsh.call(virshLine('net-dhcp-leases', N(network))));
  }

  /**
   * The host's bridges from libvirt's interface driver (`iface-list --all`, then each one's XML,
   * type='bridge'), less the ones libvirt made for its own networks.
   */
  async networkHostBridges(): Promise<string[]> {
    return (await this.bridges()) ?? [];
  }

  /** The host's own bridges; null when libvirt cannot list interfaces. */
  private async bridges(): Promise<string[] | null> {
    const [ifaces, networks] = await Promise.all([this.hostInterfaces(), this.networkList()]);
    return ifaces === null ? null : ownBridges(ifaces, networks);
  }

  /**
   * The host's interfaces from libvirt's interface driver (`iface-list --all`, then each one's
   * XML in one batch): name and whether it is a bridge; null when libvirt cannot list them.
   */
  async hostInterfaces(): Promise<HostInterface[] | null> {
    const [list] = await this.virsh.batch([virshLine('iface-list', '--all')]);
    if (!list?.ok) return null;
    const names = ifaceNames(list.stdout);
    const xmls = await this.virsh.batch(
      names.map((n) => virshLine('iface-dumpxml', ['--interface', n])),
    );
    return names.map((name, i) => {
      const r = xmls[i];
      const type = r?.ok ? getAttr(parseXml(r.stdout, { root: 'interface' }).root, 'type') : null;
      return { name, bridge: type === 'bridge' };
    });
  }
}

export interface HostInterface {
  name: string;
  bridge: boolean;
}

/** The host's bridges less the ones libvirt made for its own networks. */
export function ownBridges(
  ifaces: readonly HostInterface[],
  networks: readonly Network[],
): string[] {
  const owned = new Set(
    networks.flatMap((n) => (n.kind !== 'bridge' && n.bridge ? [n.bridge] : [])),
  );
  return ifaces.filter((i) => i.bridge && !owned.has(i.name)).map((i) => i.name);
}

// The simulated host's networks capability (NetworkOps): each network kept as the XML libvirt
// keeps, with libvirt's validation in libvirt's words (drivers/common/networkView.ts and
// shared/networks.ts), who uses each from the host's VMs, and DHCP leases for the running VMs
// with a NIC on an addressed network. Every change is persisted, then announced: networks-changed,
// plus host-changed when the names changed (they feed the New VM dialog).
import { randomUUID } from 'node:crypto';
import { VirtdeskError } from '../../../../shared/errors';
import type { Network, NetworkLease, NetworkSpec, Vm } from '../../../../shared/model';
import type { NetworkMethod } from '../../../../shared/networks';
import {
  defineNetworkProblem,
  formatIpv4,
  networkSubnets,
  nextVirbr,
  overlaps,
  parseIpv4,
} from '../../../../shared/networks';
import { networkSpecXml } from '../../../../shared/networkXml';
import { afterWrite } from '../../../persistence/confirm';
import type { Clock } from '../../clock';
import { allocateMac } from '../../common/macs';
import {
  alreadyActive,
  assertNetworkSpec,
  failNetwork,
  networkOfXml,
  networkUsers,
  noSuchNetwork,
  notActive,
  undefineActive,
} from '../../common/networkView';
import type { DriverEvent, NetworkOps } from '../../driver';
import type { SavedNetwork } from './networkFile';
import { SIM_HOST_BRIDGES } from './seedNetworks';

/** What the simulated host lends its networks. */
export interface NetworkHost {
  readonly hostId: string;
  readonly clock: Clock;
  vms(): Vm[];
  /** Resolves once the write holding the host as it is now is on disk. */
  persist(): Promise<void>;
  emit(event: DriverEvent): void;
  /** Announces the host (its network names changed). */
  hostChanged(): void;
}

/** How long a simulated lease lasts: dnsmasq's default for libvirt networks. */
const LEASE_MS = 3600_000;

type Ops = { [M in NetworkMethod]: NetworkOps[M] };

export class SimNetworks implements Ops {
  private readonly nets = new Map<string, SavedNetwork>();

  constructor(
    private readonly host: NetworkHost,
    saved: readonly SavedNetwork[],
  ) {
    for (const n of saved) this.nets.set(this.view(n).name, { ...n });
  }

  /** The networks as the file keeps them. */
  saved(): SavedNetwork[] {
    return [...this.nets.values()].map((n) => ({ ...n }));
  }

  /** The names of the defined networks: what a new VM's NIC can join. */
  names(): string[] {
    return [...this.nets.keys()];
  }

  async networkList(_params: Record<string, never> = {}): Promise<Network[]> {
    const vms = this.host.vms();
    return [...this.nets.values()].map((n) => this.withUsers(this.view(n), vms));
  }

  async networkDefine({ spec }: { spec: NetworkSpec }): Promise<Network> {
    assertNetworkSpec(spec);
    const all = await this.networkList();
    failNetwork(defineNetworkProblem(spec, all, SIM_HOST_BRIDGES));
    const bridge =
      spec.kind === 'bridge' ? undefined : spec.bridge || nextVirbr(all, SIM_HOST_BRIDGES);
    const xml = networkSpecXml(spec, {
      uuid: randomUUID(),
      ...(bridge !== undefined && { bridge, mac: allocateMac(new Set()) }),
    });
    this.nets.set(spec.name, { xml, active: false, autostart: false });
    return this.changed(spec.name, true);
  }

  async networkStart({ network }: { network: string }): Promise<Network> {
    const rec = this.get(network);
    if (rec.active) throw alreadyActive(network);
    const me = this.view(rec);
    if (me.kind === 'bridge' && me.bridge !== null && !SIM_HOST_BRIDGES.includes(me.bridge))
      throw new VirtdeskError(
        'HOST_ERROR',
        `Cannot get interface MTU on '${me.bridge}': No such device`,
      );
    for (const other of this.nets.values()) {
      if (other === rec || !other.active) continue;
      const o = this.view(other);
      if (networkSubnets(me).some((a) => networkSubnets(o).some((b) => overlaps(a, b))))
        throw new VirtdeskError(
          'HOST_ERROR',
          `internal error: Network is already in use by interface ${o.bridge ?? o.name}`,
        );
    }
    rec.active = true;
    return this.changed(network, false);
  }

  async networkStop({ network }: { network: string }): Promise<Network> {
    const rec = this.get(network);
    if (!rec.active) throw notActive(network);
    rec.active = false;
    return this.changed(network, false);
  }

  async networkSetAutostart({ network, autostart }: { network: string; autostart: boolean }) {
    this.get(network).autostart = autostart;
    return this.changed(network, false);
  }

  async networkUndefine({ network }: { network: string }): Promise<{ removed: true }> {
    if (this.get(network).active) throw undefineActive(network);
    this.nets.delete(network);
    await afterWrite(this.host.persist(), () => this.announce(true));
    return { removed: true };
  }

  async networkGetXml({ network }: { network: string }): Promise<{ xml: string }> {
    return { xml: this.get(network).xml };
  }

  /** One lease per running VM's NIC on the network, handed out from the start of the range. */
  async networkLeases({ network }: { network: string }): Promise<NetworkLease[]> {
    const rec = this.get(network);
    const me = this.view(rec);
    const v4 = me.addresses.find((a) => a.family === 'ipv4' && a.dhcpRange !== null);
    const start = v4?.dhcpRange ? parseIpv4(v4.dhcpRange.start) : null;
    const end = v4?.dhcpRange ? parseIpv4(v4.dhcpRange.end) : null;
    if (!rec.active || !v4 || start === null || end === null) return [];
    const running = this.withUsers(me, this.host.vms()).usedBy.filter((u) => u.running);
    const byId = new Map(this.host.vms().map((vm) => [vm.id, vm]));
    const nics = running
      .sort((a, b) => a.vmName.localeCompare(b.vmName))
      .flatMap((u) =>
        (byId.get(u.vmId)?.nics ?? [])
          .filter((n) => n.type === 'network' && n.source === network)
          .map((n) => ({ mac: n.mac, hostname: u.vmName })),
      );
    const now = this.host.clock.now();
    return nics.slice(0, end - start + 1).map((n, i) => ({
      mac: n.mac,
      ip: formatIpv4(start + i),
      prefix: v4.prefix,
      hostname: n.hostname,
      expiresAt: Math.ceil((now + 1) / LEASE_MS) * LEASE_MS,
    }));
  }

  async networkHostBridges(_params: Record<string, never> = {}): Promise<string[]> {
    return [...SIM_HOST_BRIDGES];
  }

  private get(name: string): SavedNetwork {
    const rec = this.nets.get(name);
    if (!rec) throw noSuchNetwork(name);
    return rec;
  }

  private view(n: SavedNetwork): Network {
    return networkOfXml(this.host.hostId, n.xml, {
      active: n.active,
      autostart: n.autostart,
      persistent: true,
    });
  }

  private withUsers(n: Network, vms: readonly Vm[]): Network {
    return { ...n, usedBy: networkUsers(n.name, vms) };
  }

  private announce(namesChanged: boolean): void {
    this.host.emit({ type: 'networks-changed', hostId: this.host.hostId });
    if (namesChanged) this.host.hostChanged();
  }

  private changed(name: string, namesChanged: boolean): Promise<Network> {
    const view = this.withUsers(this.view(this.get(name)), this.host.vms());
    return afterWrite(this.host.persist(), () => {
      this.announce(namesChanged);
      return view;
    });
  }
}

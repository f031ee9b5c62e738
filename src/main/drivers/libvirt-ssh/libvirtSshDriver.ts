// A libvirt host over ONE SSH connection (DESIGN.md, drivers), or this machine's own libvirt
// through local virsh processes (one code path, two transports: transport.ts): the HypervisorDriver
// surface over the connection state machine (hostConnection.ts) and, while connected, the host
// session (hostSession.ts: virsh, events, stats, consoles). The VM list is the inventory kept
// fresh by libvirt events, so reads cost no round trip; commands re-read what they changed.
import { RemoteDisplays } from './displays';
import os from 'node:os';
import type { DefineResult, DomainXml } from '../../../shared/api';
import { isActive, type VmAction } from '../../../shared/lifecycle';
import { Listeners } from '../../../shared/listeners';
import type { Host, HostCapabilities, NewVmSpec, StatsTick, Vm } from '../../../shared/model';
import type { DeletePlan, DiskChoice } from '../../../shared/deletePlan';
import type { Clock } from '../clock';
import { realClock } from '../clock';
import type { DriverEvent, HypervisorDriver } from '../driver';
import type { Prompter } from '../prompter';
import { noConsole, noSuchVm } from '../common/vmErrors';
import { HostConnection } from './hostConnection';
import { isLocalUri } from './target';
import type { HostSession } from './hostSession';
import { sessionGone } from './hostSession';
import { Inventory, inventoryRead } from './inventory';
import { runLifecycle } from './lifecycle';
import { SshSnapshots } from './snapshotOps';
import { SshStorage } from './storageOps';
import { domainDefineXml } from './domain';
import { SshHardware } from './hardwareOps';
import { SshHostDevices } from './hostDeviceOps';
import { SshMigration } from './migrationOps';
import { SshNetworks } from './networkOps';
import { SshTuning } from './tuningOps';
import { vmCreate, vmRedefine } from './vmCreate';
import type { DeleteHost } from './vmDelete';
import { deleteDomain, deletePlanOf } from './vmDelete';
import type { DomainRecord } from './vmRecord';

export interface LibvirtSshDriverOptions {
  hostId: string;
  name: string;
  /** qemu+ssh://…, an ssh alias, or qemu:///system for this machine, as the user typed it. */
  uri: string;
  prompter: Prompter;
  /** virtdesk's own known_hosts (DATA/known_hosts): read, and written when a key is remembered. */
  appKnownHostsFile: string;
  /** Default: the user's home (for ~/.ssh). */
  home?: string;
  localUser?: string;
  /** Default: $SSH_AUTH_SOCK; null for no agent. */
  sshAuthSock?: string | null;
  clock?: Clock;
  /** Default: ~/.ssh/config under `home`. */
  sshConfigPath?: string;
  /** The environment of local virsh processes (PATH, XDG_RUNTIME_DIR); default process.env. */
  env?: NodeJS.ProcessEnv;
}

const LIBVIRT_CAPABILITIES: HostCapabilities = {
  reconnect: true,
  remove: true,
  storage: true,
  snapshots: true,
  migrate: true,
  display: true,
  networks: true,
  tuning: true,
  hardware: true,
  hostDevices: true,
};

export class LibvirtSshDriver implements HypervisorDriver {
  readonly hostId: string;
  private readonly name: string;
  private readonly uri: string;
  private readonly local: boolean;
  private readonly inventory: Inventory;
  private readonly conn: HostConnection;
  private readonly events = new Listeners<DriverEvent>('event');
  private readonly statsOut = new Listeners<StatsTick>('stats');
  private closed = false;
  /** Storage pools and volumes through virsh (storageOps.ts). */
  readonly storage: SshStorage = new SshStorage({
    names: () => ({ hostId: this.hostId, hostName: this.name }),
    virsh: () => this.live().virsh,
    domains: () => this.inventory.values(),
    emit: (e) => this.emit(e),
    exec: () => {
      const { session, target } = this.ctx();
      return { transport: session.transport, virshUri: target.virshUri };
    },
    find: (vmId) => this.find(vmId),
    reread: (vmId) => this.live().reread(vmId),
  });
  /** Virtual networks through virsh (networkOps.ts). */
  readonly networks: SshNetworks = new SshNetworks({
    names: () => ({ hostId: this.hostId, hostName: this.name }),
    virsh: () => this.live().virsh,
    domains: () => this.inventory.values(),
    emit: (e) => this.emit(e),
    exec: () => {
      const { session, target } = this.ctx();
      return { transport: session.transport, virshUri: target.virshUri, hostName: this.name };
    },
    namesChanged: (names) => {
      const facts = this.conn.session?.facts;
      if (facts) facts.networks = names;
      this.emit({ type: 'host-changed', host: this.getHost() });
    },
  });
  /** Host tuning figures through virsh (tuningOps.ts). */
  readonly tuning: SshTuning = new SshTuning({
    virsh: () => this.live().virsh,
    now: () => Date.now(),
    poolsChanged: () => this.emit({ type: 'host-changed', host: this.getHost() }),
  });
  /** PCI passthrough through virsh: node devices, attach-device (hostDeviceOps.ts). */
  readonly hostDevices: SshHostDevices = new SshHostDevices({
    names: () => ({ hostId: this.hostId, hostName: this.name }),
    virsh: () => this.live().virsh,
    domains: () => this.inventory.values(),
    numaNodes: () => this.live().facts.hardware.numaNodes,
    emit: (e) => this.emit(e),
    getHost: () => this.getHost(),
    exec: () => {
      const { session, target } = this.ctx();
      return { transport: session.transport, virshUri: target.virshUri };
    },
    find: (vmId) => this.find(vmId),
    reread: (vmId) => this.live().reread(vmId),
    networkDefined: (name) => {
      const facts = this.conn.session?.facts;
      if (facts && !facts.networks.includes(name)) facts.networks = [...facts.networks, name];
      this.emit({ type: 'networks-changed', hostId: this.hostId });
      this.emit({ type: 'host-changed', host: this.getHost() });
    },
  });
  /** A VM's CPUs, pinning, memory, disks and NICs: define + live verbs (hardwareOps.ts). */
  readonly hardware: SshHardware = new SshHardware({
    names: () => ({ hostId: this.hostId, hostName: this.name }),
    virsh: () => this.live().virsh,
    domains: () => this.inventory.values(),
    define: (xml) => {
      const { session, target } = this.ctx();
      return domainDefineXml({
        transport: session.transport,
        virshUri: target.virshUri,
        hostName: this.name,
        xml,
      });
    },
    find: (vmId) => this.find(vmId),
    reread: (vmId) => this.live().reread(vmId),
    networks: () => this.networks.networkList(),
    interfaces: () => this.networks.hostInterfaces(),
    pciDevices: async () => (await this.hostDevices.hostDeviceList()).devices,
  });
  /** Domain snapshots through virsh (snapshotOps.ts). */
  readonly snapshots: SshSnapshots = new SshSnapshots({
    names: () => ({ hostId: this.hostId, hostName: this.name }),
    virsh: () => this.live().virsh,
    find: (vmId) => this.find(vmId),
    reread: (vmId) => this.live().reread(vmId),
    emit: (e) => this.emit(e),
  });

  /** Live migration to and from other libvirt hosts (migrationOps.ts). */
  readonly migration: SshMigration = new SshMigration({
    names: () => ({ hostId: this.hostId, hostName: this.name }),
    clock: realClock,
    virsh: () => this.live().virsh,
    exec: () => {
      const { session, target } = this.ctx();
      return { transport: session.transport, virshUri: target.virshUri, hostName: this.name };
    },
    target: () => this.ctx().target,
    facts: () => this.live().facts,
    find: (vmId) => this.find(vmId),
    domains: () => this.inventory.values(),
    onDomainEvent: (listener) => this.live().domainEvents.add(listener),
    reread: (vmId) => this.live().reread(vmId),
  });

  constructor(opts: LibvirtSshDriverOptions) {
    this.hostId = opts.hostId;
    this.name = opts.name;
    this.uri = opts.uri;
    this.local = isLocalUri(opts.uri);
    this.inventory = new Inventory(opts.hostId, (e) => this.vmEvent(e));
    this.conn = new HostConnection({
      ...opts,
      home: opts.home ?? os.homedir(),
      clock: opts.clock ?? realClock,
      inventory: this.inventory,
      onState: () => this.emit({ type: 'host-changed', host: this.getHost() }),
      // Only while someone listens (HypervisorDriver.onStats).
      onStats: (s) => this.statsOut.emit(s),
      wantStats: () => this.statsOut.size > 0,
    });
  }

  /** Starts connecting (non-blocking); state changes arrive as host-changed events. */
  connect(): void {
    this.conn.connect();
  }

  /** The user asked: forget the backoff (and a final error) and try now. */
  reconnect(): void {
    this.conn.reconnect();
  }

  getHost(): Host {
    const facts = this.conn.session?.facts;
    const host: Host = {
      id: this.hostId,
      name: this.name,
      driver: 'libvirt-ssh',
      driverLabel: this.local ? 'libvirt (local)' : 'libvirt over SSH',
      capabilities: LIBVIRT_CAPABILITIES,
      uri: this.conn.target?.uri ?? this.uri,
      connection: this.conn.state,
      hypervisor: facts?.hypervisor ?? '',
      hardware: facts ? structuredClone(facts.hardware) : null,
      networks: facts ? [...facts.networks] : [],
    };
    const error = this.conn.error;
    return error === undefined ? host : { ...host, connectionError: error };
  }

  /** How many `verb` commands the current virsh session has run (diagnostics, tests). */
  commandsSent(verb: string): number {
    return this.conn.session?.virsh.sent.get(verb) ?? 0;
  }

  /** Whether the event channel is subscribed right now (diagnostics, tests). */
  get eventsSubscribed(): boolean {
    return this.conn.session?.eventsSubscribed ?? false;
  }

  async vmList(): Promise<Vm[]> {
    this.live();
    return this.inventory.values().map((r) => structuredClone(r.view));
  }

  /**
   * Brings every domain up to date with the host (what the driver does after its event channel
   * is re-subscribed): one scan, and documents only for domains that changed. Not used by the
   * app, which is kept fresh by events; bench/ssh.ts times a warm re-inventory with it.
   */
  async resync(): Promise<Vm[]> {
    const session = this.live();
    const { virsh } = session;
    const { docs } = this.inventory;
    const known = (id: string) => this.inventory.get(id);
    this.inventory.replace(await inventoryRead({ virsh, hostId: this.hostId, docs, known }));
    return this.vmList();
  }

  async vmGet(vmId: string): Promise<Vm> {
    return structuredClone(this.find(vmId).view);
  }

  vmCreate(spec: NewVmSpec): Promise<Vm> {
    return vmCreate(this.ctx(), spec);
  }

  vmDeletePlan(vmId: string): Promise<DeletePlan> {
    return deletePlanOf(this.deleteHost(), this.find(vmId));
  }

  /** `undefine --nvram`, then one `vol-delete` per chosen disk (vmDelete.ts). */
  vmDelete(vmId: string, opts?: { disks?: readonly DiskChoice[] }): Promise<void> {
    return deleteDomain(this.deleteHost(), this.find(vmId), opts?.disks ?? []);
  }

  private deleteHost(): DeleteHost {
    return {
      hostName: this.name,
      session: this.live(),
      domains: () => this.inventory.values(),
      emitStorageChanged: () => this.emit({ type: 'storage-changed', hostId: this.hostId }),
    };
  }

  vmStart = (vmId: string): Promise<Vm> => this.act(vmId, 'start');
  vmShutdown = (vmId: string): Promise<Vm> => this.act(vmId, 'shutdown');
  vmReboot = (vmId: string): Promise<Vm> => this.act(vmId, 'reboot');
  vmForceOff = (vmId: string): Promise<Vm> => this.act(vmId, 'forceOff');
  vmPause = (vmId: string): Promise<Vm> => this.act(vmId, 'pause');
  vmResume = (vmId: string): Promise<Vm> => this.act(vmId, 'resume');

  async vmGetXml(vmId: string): Promise<DomainXml> {
    this.find(vmId);
    const r = await this.live().reread(vmId);
    if (!r) throw noSuchVm(vmId, this.name);
    return { xml: r.config.text, liveXml: r.live?.text ?? null };
  }

  vmDefineXml(vmId: string, xml: string): Promise<DefineResult> {
    return vmRedefine(this.ctx(), vmId, xml);
  }

  readonly attachConsole: HypervisorDriver['attachConsole'] = async (vmId, client, cols, rows) => {
    const vm = this.find(vmId);
    if (!isActive(vm.state)) throw noConsole(vm.view.name);
    return this.live().consoles.attach(vmId, client, cols, rows);
  };

  readonly display = new RemoteDisplays({
    find: (vmId) => this.find(vmId),
    session: () => this.live(),
  });

  readonly onEvent = this.events.add;
  /** One bulk `domstats` tick every STATS_INTERVAL_MS while connected and listened to. */
  readonly onStats = this.statsOut.add;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.display.closeAll('host closed');
    this.conn.close();
    this.events.clear();
    this.statsOut.clear();
  }

  private act(vmId: string, action: VmAction): Promise<Vm> {
    const vm = this.find(vmId);
    return runLifecycle({ session: this.live(), vm, action, hostName: this.name });
  }

  private ctx() {
    const target = this.conn.target;
    if (!target) throw sessionGone(this.name);
    return { session: this.live(), inventory: this.inventory, target, name: this.name };
  }

  private live(): HostSession {
    const session = this.conn.session;
    if (this.closed || !session) throw sessionGone(this.name);
    return session;
  }

  private find(vmId: string): DomainRecord {
    this.live();
    const r = this.inventory.get(vmId);
    if (!r) throw noSuchVm(vmId, this.name);
    return r;
  }

  private vmEvent(e: DriverEvent): void {
    // A console ends with its VM; ConsoleHub tells the window why.
    const consoles = this.conn.session?.consoles;
    if (e.type === 'vm-removed') consoles?.vmStopped(e.vmId);
    if (e.type === 'vm-changed' && !isActive(e.vm.state)) consoles?.vmStopped(e.vm.id);
    if (e.type === 'vm-removed') this.display.vmStopped(e.vmId);
    if (e.type === 'vm-changed' && !isActive(e.vm.state)) this.display.vmStopped(e.vm.id);
    this.emit(e);
  }

  private emit(event: DriverEvent): void {
    if (!this.closed) this.events.emit(event);
  }
}

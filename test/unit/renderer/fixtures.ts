// Hosts and VMs as main sends them, small enough to write inline in renderer store tests.
import type {
  Host,
  HostCapabilities,
  HostConnectionState,
  Vm,
  VmState,
} from '../../../src/shared/model';

type Capability = keyof HostCapabilities;
const CAPABILITIES = [
  'reconnect',
  'remove',
  'storage',
  'snapshots',
  'migrate',
  'hostDevices',
  'display',
  'networks',
  'tuning',
  'hardware',
];

/** Every capability on, so a test turns off only the one it is about. */
export const ALL_CAPABILITIES = Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<
  Capability,
  boolean
>;

export function host(id: string, name = id, connection: HostConnectionState = 'connected'): Host {
  return {
    id,
    name,
    driver: 'libvirt-ssh',
    driverLabel: 'libvirt over SSH',
    capabilities: ALL_CAPABILITIES,
    uri: `qemu+ssh://${id}/system`,
    connection,
    hypervisor: 'QEMU 8.2.2',
    hardware: null,
    networks: ['default'],
  };
}

export function vm(hostId: string, id: string, name = id, state: VmState = 'shutoff'): Vm {
  return {
    hostId,
    id,
    name,
    title: '',
    description: '',
    state,
    guest: null,
    vcpus: 1,
    memoryKiB: 1024 * 1024,
    persistent: true,
    autostart: false,
    disks: [],
    nics: [],
    pendingChanges: false,
  };
}

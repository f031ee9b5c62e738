// What a fresh simulated host holds: a homelab's worth of guests in a mix of states, so every
// view has something real to show on first launch. Two carry the XML that real homelabs grow and
// an editor must not lose: pfsense a hand-written comment and libosinfo metadata in its own
// namespace, win11-gaming CPU pinning, NUMA binding and 1 GiB hugepages. Optionally many
// generated VMs for benchmarks.
import type { GuestPhase, VmState } from '../../../shared/model';
import type { SimVmState } from './simVm';
import type { BuiltVm, VmBlueprint } from './vmFactory';
import { buildVm } from './vmFactory';

interface SeedVm extends VmBlueprint {
  state: Extract<VmState, 'running' | 'paused' | 'shutoff'>;
}

const SEEDS: Record<string, SeedVm[]> = {
  sim1: [
    {
      name: 'pfsense',
      graphics: true,
      title: 'pfSense firewall',
      description: 'WAN on br0-lan, LAN on the default network',
      vcpus: 2,
      memoryMiB: 2048,
      diskGiB: 16,
      networks: ['br0-lan', 'default'],
      autostart: true,
      state: 'running',
      osinfo: 'http://freebsd.org/freebsd/14.1',
      note: ' NIC order matters: pfSense takes the first (vtnet0) as WAN. ',
    },
    {
      name: 'nextcloud',
      graphics: true,
      title: 'Nextcloud',
      vcpus: 4,
      memoryMiB: 8192,
      diskGiB: 200,
      networks: ['br0-lan'],
      autostart: true,
      state: 'running',
    },
    {
      name: 'home-assistant',
      graphics: true,
      title: 'Home Assistant OS',
      vcpus: 2,
      memoryMiB: 4096,
      diskGiB: 32,
      networks: ['br0-lan'],
      state: 'paused',
    },
    {
      name: 'k3s-node-1',
      vcpus: 4,
      memoryMiB: 8192,
      diskGiB: 40,
      networks: ['default'],
      state: 'shutoff',
    },
    {
      name: 'k3s-node-2',
      vcpus: 4,
      memoryMiB: 8192,
      diskGiB: 40,
      networks: ['default'],
      state: 'shutoff',
    },
  ],
  sim2: [
    {
      name: 'win11-gaming',
      graphics: true,
      title: 'Windows 11 (gaming)',
      vcpus: 12,
      memoryMiB: 32768,
      diskGiB: 500,
      networks: ['br0-lan'],
      state: 'shutoff',
      osinfo: 'http://microsoft.com/win/11',
      // Six cores of NUMA node 1 with their hyper-thread siblings (20↔52 …), away from the
      // emulator threads on core 16, memory on that node's 1 GiB pages.
      pinning: {
        hostCpus: [20, 52, 21, 53, 22, 54, 23, 55, 24, 56, 25, 57],
        emulatorCpus: '16,48',
        nodeset: '1',
        hugepageKiB: 1024 * 1024,
      },
    },
    {
      name: 'plex',
      graphics: true,
      title: 'Plex Media Server',
      vcpus: 4,
      memoryMiB: 8192,
      diskGiB: 64,
      networks: ['br0-lan'],
      autostart: true,
      state: 'running',
    },
    {
      name: 'pihole',
      title: 'Pi-hole DNS',
      vcpus: 1,
      memoryMiB: 1024,
      diskGiB: 8,
      networks: ['br0-lan'],
      autostart: true,
      state: 'running',
    },
    {
      name: 'dev-debian',
      graphics: true,
      title: 'Debian 13 dev box',
      vcpus: 8,
      memoryMiB: 16384,
      diskGiB: 100,
      networks: ['default'],
      state: 'paused',
    },
  ],
};

const FALLBACK: SeedVm[] = [
  {
    name: 'web-01',
    graphics: true,
    vcpus: 2,
    memoryMiB: 2048,
    diskGiB: 20,
    networks: ['default'],
    state: 'running',
  },
  {
    name: 'db-01',
    graphics: true,
    vcpus: 4,
    memoryMiB: 8192,
    diskGiB: 80,
    networks: ['default'],
    state: 'paused',
  },
  {
    name: 'backup',
    vcpus: 1,
    memoryMiB: 1024,
    diskGiB: 500,
    networks: ['default'],
    state: 'shutoff',
  },
];

export function seedNames(hostId: string): string[] {
  return (SEEDS[hostId] ?? FALLBACK).map((s) => s.name);
}

/** The hosts with VMs of their own (sim1, sim2): the ones another host may be seeded as a twin of. */
export function hostsWithSeeds(): string[] {
  return Object.keys(SEEDS);
}

function phaseFor(state: VmState): GuestPhase {
  // A seeded VM has been up for a while; a paused one was paused after it booted.
  return state === 'running' || state === 'paused' ? 'up' : null;
}

/** Generated VMs are named vm-0001…; every third runs so bulk views see a mix of states. */
function generated(index: number): SeedVm {
  return {
    name: `vm-${String(index).padStart(4, '0')}`,
    vcpus: 1,
    memoryMiB: 1024,
    diskGiB: 10,
    networks: ['default'],
    state: index % 3 === 1 ? 'running' : 'shutoff',
  };
}

export interface SeededVm extends BuiltVm {
  record: SimVmState;
}

/**
 * The VMs of a fresh host. `macs` receives every MAC handed out. A host without VMs of its own
 * (sim3 …) gets `twinOf`'s when given: the same names, states and sizes, with UUIDs and MACs of
 * its own, as two hosts of one homelab often hold (tests of which VM an action reaches).
 */
export function seedVms(
  hostId: string,
  extra: number,
  macs: Set<string>,
  twinOf?: string,
): SeededVm[] {
  const seeds = [
    ...(SEEDS[hostId] ?? (twinOf === undefined ? undefined : SEEDS[twinOf]) ?? FALLBACK),
  ];
  for (let i = 1; i <= extra; i++) seeds.push(generated(i));
  return seeds.map((s) => {
    const built = buildVm(s, macs);
    const active = s.state !== 'shutoff';
    return {
      ...built,
      record: {
        id: built.id,
        state: s.state,
        guest: phaseFor(s.state),
        autostart: s.autostart ?? false,
        config: built.config,
        live: active ? built.config : null,
        pendingChanges: false,
      },
    };
  });
}

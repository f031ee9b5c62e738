// Hardware of the simulated hosts. Modelled on real homelab boxes (IDs and names as lspci prints
// them) so the passthrough views meet the same shapes they will meet on real iron: a NIC whose VFs
// are devices of their own, a GPU whose HDMI audio function shares its IOMMU group, devices on the
// NUMA node their PCIe root hangs off. Generated, not persisted: it is a property of the profile.
import type { HostHardware, HugepagePool, NumaNode, PciDevice } from '../../../shared/model';

const KIB_PER_GIB = 1024 * 1024;
const HUGE_2M = 2048;
const HUGE_1G = 1024 * 1024;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function node(id: number, cpus: number[], memoryGiB: number, pools: HugepagePool[]): NumaNode {
  return { id, cpus, memoryKiB: memoryGiB * KIB_PER_GIB, hugepages: pools };
}

function pools(twoMeg: [number, number], oneGig: [number, number]): HugepagePool[] {
  return [
    { sizeKiB: HUGE_2M, total: twoMeg[0], free: twoMeg[1] },
    { sizeKiB: HUGE_1G, total: oneGig[0], free: oneGig[1] },
  ];
}

type DeviceInfo = Omit<PciDevice, 'address' | 'iommuGroup' | 'numaNode' | 'sriov'>;

function dev(
  address: string,
  info: DeviceInfo,
  iommuGroup: number,
  numaNode: number,
  sriov?: PciDevice['sriov'],
): PciDevice {
  return sriov
    ? { address, ...info, iommuGroup, numaNode, sriov }
    : { address, ...info, iommuGroup, numaNode };
}

/**
 * Where a PF's VFs appear when sriov_numvfs is raised: VF i at devfn firstDevfn + i on the PF's
 * bus (what the PF's SR-IOV capability, First VF Offset and VF Stride, says on real cards), each
 * in an IOMMU group of its own.
 */
export interface VfLayout {
  pf: string;
  firstDevfn: number;
  firstGroup: number;
  info: DeviceInfo;
  numaNode: number;
}

/** The PF's first `count` VFs. */
export function vfDevices(l: VfLayout, count: number): PciDevice[] {
  const [domain = '0000', bus = '00'] = l.pf.split(':');
  return Array.from({ length: count }, (_, i) => {
    const devfn = l.firstDevfn + i;
    const slot = (devfn >> 3).toString(16).padStart(2, '0');
    const address = `${domain}:${bus}:${slot}.${devfn & 7}`;
    return dev(address, l.info, l.firstGroup + i, l.numaNode, { role: 'vf', pf: l.pf });
  });
}

/** A physical function plus the VFs already created on it. */
function sriovNic(
  layouts: VfLayout[],
  opts: {
    pf: string;
    pfInfo: DeviceInfo;
    netdev: string;
    pfGroup: number;
    maxVfs: number;
    vfs: number;
    firstDevfn: number;
    vfInfo: DeviceInfo;
    firstVfGroup: number;
    numaNode: number;
  },
): PciDevice[] {
  const layout: VfLayout = {
    pf: opts.pf,
    firstDevfn: opts.firstDevfn,
    firstGroup: opts.firstVfGroup,
    info: opts.vfInfo,
    numaNode: opts.numaNode,
  };
  layouts.push(layout);
  const vfs = vfDevices(layout, opts.vfs);
  const pf = dev(opts.pf, opts.pfInfo, opts.pfGroup, opts.numaNode, {
    role: 'pf',
    maxVfs: opts.maxVfs,
    vfs: vfs.map((v) => v.address),
  });
  return [{ ...pf, netdev: opts.netdev }, ...vfs];
}

/** The BMC's VGA (ASPEED AST2500): the firmware boots on it, so it is the host's console. */
function bmcVga(address: string, group: number): PciDevice {
  return {
    ...dev(
      address,
      {
        vendor: 'ASPEED Technology, Inc.',
        vendorId: '1a03',
        product: 'ASPEED Graphics Family',
        productId: '2000',
        pciClass: 'display',
        driver: 'ast',
      },
      group,
      0,
    ),
    bootVga: true,
  };
}

const NVIDIA = { vendor: 'NVIDIA Corporation', vendorId: '10de' };
const INTEL = { vendor: 'Intel Corporation', vendorId: '8086' };
const MELLANOX = { vendor: 'Mellanox Technologies', vendorId: '15b3' };

/** AMD EPYC 7302P in NPS2 mode: one socket presented as two NUMA nodes; bus 0x80+ is node 1. */
function epycHomelab(): Profile {
  const layouts: VfLayout[] = [];
  const x710: DeviceInfo = {
    ...INTEL,
    product: 'Ethernet Controller X710 for 10GbE SFP+',
    productId: '1572',
    pciClass: 'network',
    driver: 'i40e',
  };
  const x710Vf: DeviceInfo = {
    ...INTEL,
    product: 'Ethernet Virtual Function 700 Series',
    productId: '154c',
    pciClass: 'network',
    driver: 'iavf',
  };
  const hardware: HostHardware = {
    cpuModel: 'AMD EPYC 7302P 16-Core Processor',
    sockets: 1,
    coresPerSocket: 16,
    threadsPerCore: 2,
    memoryKiB: 128 * KIB_PER_GIB,
    numaNodes: [
      node(0, [...range(0, 7), ...range(16, 23)], 64, pools([2048, 1536], [4, 4])),
      node(1, [...range(8, 15), ...range(24, 31)], 64, pools([2048, 2048], [4, 2])),
    ],
    pciDevices: [
      dev(
        '0000:01:00.0',
        {
          vendor: 'Samsung Electronics Co Ltd',
          vendorId: '144d',
          product: 'NVMe SSD Controller PM9A1/PM9A3/980PRO',
          productId: 'a80a',
          pciClass: 'storage',
          driver: 'nvme',
        },
        14,
        0,
      ),
      dev(
        '0000:03:00.3',
        {
          vendor: 'Advanced Micro Devices, Inc. [AMD]',
          vendorId: '1022',
          product: 'Starship USB 3.0 Host Controller',
          productId: '148c',
          pciClass: 'usb',
          driver: 'xhci_hcd',
        },
        18,
        0,
      ),
      ...sriovNic(layouts, {
        pf: '0000:41:00.0',
        pfInfo: x710,
        netdev: 'enp65s0f0',
        pfGroup: 30,
        maxVfs: 64,
        vfs: 4,
        firstDevfn: 0x10,
        vfInfo: x710Vf,
        firstVfGroup: 80,
        numaNode: 0,
      }),
      // The second port has SR-IOV too, but no VFs created yet.
      ...sriovNic(layouts, {
        pf: '0000:41:00.1',
        pfInfo: x710,
        netdev: 'enp65s0f1',
        pfGroup: 31,
        maxVfs: 64,
        vfs: 0,
        firstDevfn: 0x50,
        vfInfo: x710Vf,
        firstVfGroup: 150,
        numaNode: 0,
      }),
      dev(
        '0000:c1:00.0',
        {
          ...NVIDIA,
          product: 'GA104GL [RTX A4000]',
          productId: '24b0',
          pciClass: 'display',
          driver: 'nvidia',
        },
        50,
        1,
      ),
      dev(
        '0000:c1:00.1',
        {
          ...NVIDIA,
          product: 'GA104 High Definition Audio Controller',
          productId: '228b',
          pciClass: 'audio',
          driver: 'snd_hda_intel',
        },
        50,
        1,
      ),
      bmcVga('0000:62:00.0', 22),
    ],
  };
  return { hardware, layouts, hostDrivers: {} };
}

/** Two-socket Xeon Silver 4314: one NUMA node per socket; the second socket owns bus 0x80+. */
function xeonDualSocket(): Profile {
  const layouts: VfLayout[] = [];
  const cx5: DeviceInfo = {
    ...MELLANOX,
    product: 'MT27800 Family [ConnectX-5]',
    productId: '1017',
    pciClass: 'network',
    driver: 'mlx5_core',
  };
  const cx5Vf: DeviceInfo = {
    ...MELLANOX,
    product: 'MT27800 Family [ConnectX-5 Virtual Function]',
    productId: '1018',
    pciClass: 'network',
    driver: 'mlx5_core',
  };
  const hardware: HostHardware = {
    cpuModel: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
    sockets: 2,
    coresPerSocket: 16,
    threadsPerCore: 2,
    memoryKiB: 256 * KIB_PER_GIB,
    numaNodes: [
      node(0, [...range(0, 15), ...range(32, 47)], 128, pools([4096, 3072], [16, 12])),
      // win11-gaming's 32 GiB come from this node's 1 GiB pages (seed.ts): the pool holds them.
      node(1, [...range(16, 31), ...range(48, 63)], 128, pools([4096, 4096], [40, 40])),
    ],
    pciDevices: [
      dev(
        '0000:00:14.0',
        {
          ...INTEL,
          product: 'C620 Series Chipset Family USB 3.0 xHCI Controller',
          productId: 'a1af',
          pciClass: 'usb',
          driver: 'xhci_hcd',
        },
        12,
        0,
      ),
      ...sriovNic(layouts, {
        pf: '0000:17:00.0',
        pfInfo: cx5,
        netdev: 'ens1f0np0',
        pfGroup: 40,
        maxVfs: 8,
        vfs: 4,
        firstDevfn: 2,
        vfInfo: cx5Vf,
        firstVfGroup: 90,
        numaNode: 0,
      }),
      ...sriovNic(layouts, {
        pf: '0000:17:00.1',
        pfInfo: cx5,
        netdev: 'ens1f1np1',
        pfGroup: 41,
        maxVfs: 8,
        vfs: 0,
        firstDevfn: 10,
        vfInfo: cx5Vf,
        firstVfGroup: 100,
        numaNode: 0,
      }),
      dev(
        '0000:65:00.0',
        {
          ...INTEL,
          product: 'NVMe Datacenter SSD [3DNAND, Beta Rock Controller]',
          productId: '0a54',
          pciClass: 'storage',
          driver: 'nvme',
        },
        25,
        0,
      ),
      // Already bound to vfio-pci: this box is set up for the gaming VM's passthrough.
      dev(
        '0000:b1:00.0',
        {
          ...NVIDIA,
          product: 'GA102 [GeForce RTX 3080]',
          productId: '2206',
          pciClass: 'display',
          driver: 'vfio-pci',
        },
        60,
        1,
      ),
      dev(
        '0000:b1:00.1',
        {
          ...NVIDIA,
          product: 'GA102 High Definition Audio Controller',
          productId: '1aef',
          pciClass: 'audio',
          driver: 'vfio-pci',
        },
        60,
        1,
      ),
      bmcVga('0000:03:00.0', 16),
    ],
  };
  return {
    hardware,
    layouts,
    hostDrivers: { '0000:b1:00.0': 'nvidia', '0000:b1:00.1': 'snd_hda_intel' },
  };
}

export interface Profile {
  hardware: HostHardware;
  /** Each SR-IOV PF's VF layout. */
  layouts: VfLayout[];
  /** The host driver of a device the profile has bound to vfio-pci (what nodedev-reattach binds). */
  hostDrivers: Record<string, string>;
}

const PROFILES: Record<string, () => Profile> = {
  sim1: epycHomelab,
  sim2: xeonDualSocket,
};

/** The hardware of a simulated host; hosts beyond sim1/sim2 alternate between the two profiles. */
export function hardwareFor(hostId: string): HostHardware {
  return profileFor(hostId).hardware;
}

/** A bench-only CPU layout (VIRTDESK_SIM_CPUS): one socket per NUMA node, cores per node, threads
 * per core, numbered as pcpusOf expects. The node count must be the profile's (devices name it). */
export interface SimCpuShape {
  nodes: number;
  coresPerNode: number;
  threads: number;
}

function withCpuShape(p: Profile, shape: SimCpuShape): Profile {
  const cores = shape.nodes * shape.coresPerNode;
  const numaNodes = p.hardware.numaNodes.slice(0, shape.nodes).map((n, i) => ({
    ...n,
    cpus: Array.from({ length: shape.threads }, (_, t) =>
      range(i * shape.coresPerNode, (i + 1) * shape.coresPerNode - 1).map((c) => c + t * cores),
    ).flat(),
  }));
  const hardware = {
    ...p.hardware,
    sockets: shape.nodes,
    coresPerSocket: shape.coresPerNode,
    threadsPerCore: shape.threads,
    numaNodes,
  };
  return { ...p, hardware };
}

export function profileFor(hostId: string, cpus?: SimCpuShape): Profile {
  const profile = PROFILES[hostId];
  let hash = 0;
  for (const ch of hostId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const p = profile ? profile() : hash % 2 === 0 ? epycHomelab() : xeonDualSocket();
  return cpus ? withCpuShape(p, cpus) : p;
}

export function cpuCount(hw: HostHardware): number {
  return hw.sockets * hw.coresPerSocket * hw.threadsPerCore;
}

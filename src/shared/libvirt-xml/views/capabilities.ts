import { childElements, findElements, firstChild, type XmlSource } from '../tree';
import { toKiB } from '../units';
import { parseCUint, uintAttr, yesNo } from '../values';
import { attr, expectElement, text } from './common';
import type { CpuTopology } from './domain';
import type { XmlElement } from '../tree';

// A host's `virsh capabilities`: the hardware virtdesk plans placement against (NUMA cells, their
// CPUs and memory, hugepage pools) and the guest types the hypervisor can run.

export interface HostCpuView {
  arch?: string;
  model?: string;
  vendor?: string;
  topology?: CpuTopology;
  features: string[];
  /** Page sizes the host supports, smallest first. */
  pageSizesKiB: number[];
}

export interface NumaCellView {
  id?: number;
  memoryKiB?: number;
  /** Pages per size in this cell; the smallest size is ordinary memory. */
  pages: { sizeKiB: number; count: number }[];
  cpus: { id: number; socketId?: number; dieId?: number; coreId?: number; siblings?: string }[];
  distances: { id: number; value: number }[];
}

export interface GuestCapsView {
  osType?: string;
  arch?: string;
  wordsize?: number;
  emulator?: string;
  machines: string[];
  domainTypes: string[];
}

export interface CapabilitiesView {
  hostUuid?: string;
  cpu: HostCpuView;
  iommu?: boolean;
  numaCells: NumaCellView[];
  /** Sum of the cells' memory; undefined when the host reports no NUMA memory. */
  totalMemoryKiB?: number;
  guests: GuestCapsView[];
}

export function readCapabilities(src: XmlSource): CapabilitiesView {
  const root = expectElement(src, 'capabilities');
  const host = firstChild(root, 'host');
  const cpu = host && firstChild(host, 'cpu');
  const topo = cpu && firstChild(cpu, 'topology');
  const cells = host === undefined ? [] : findElements(host, 'topology/cells/cell').map(readCell);
  const memories = cells.flatMap((c) => c.memoryKiB ?? []);
  return {
    hostUuid: text(host, 'uuid'),
    cpu: {
      arch: text(cpu, 'arch'),
      model: text(cpu, 'model'),
      vendor: text(cpu, 'vendor'),
      topology: topo && {
        sockets: uintAttr(topo, 'sockets'),
        dies: uintAttr(topo, 'dies'),
        clusters: uintAttr(topo, 'clusters'),
        cores: uintAttr(topo, 'cores'),
        threads: uintAttr(topo, 'threads'),
      },
      features:
        cpu === undefined
          ? []
          : childElements(cpu, 'feature').flatMap((f) => attr(f, 'name') ?? []),
      pageSizesKiB: (cpu === undefined ? [] : childElements(cpu, 'pages'))
        .flatMap((p) => toKiB(attr(p, 'size'), attr(p, 'unit'), 'KiB') ?? [])
        .sort((a, b) => a - b),
    },
    iommu: yesNo(attr(host && firstChild(host, 'iommu'), 'support')),
    numaCells: cells,
    totalMemoryKiB: memories.length === 0 ? undefined : memories.reduce((a, b) => a + b, 0),
    guests: childElements(root, 'guest').map(readGuest),
  };
}

function readCell(cell: XmlElement): NumaCellView {
  const memory = firstChild(cell, 'memory');
  return {
    id: uintAttr(cell, 'id'),
    memoryKiB: memory && toKiB(text(memory), attr(memory, 'unit'), 'KiB'),
    pages: childElements(cell, 'pages').flatMap((p) => {
      const sizeKiB = toKiB(attr(p, 'size'), attr(p, 'unit'), 'KiB');
      const count = parseCUint(text(p) ?? '0');
      return sizeKiB === undefined || count === undefined ? [] : [{ sizeKiB, count }];
    }),
    cpus: findElements(cell, 'cpus/cpu').flatMap((c) => {
      const id = uintAttr(c, 'id');
      if (id === undefined) return [];
      return [
        {
          id,
          socketId: uintAttr(c, 'socket_id'),
          dieId: uintAttr(c, 'die_id'),
          coreId: uintAttr(c, 'core_id'),
          siblings: attr(c, 'siblings'),
        },
      ];
    }),
    distances: findElements(cell, 'distances/sibling').flatMap((s) => {
      const id = uintAttr(s, 'id');
      const value = uintAttr(s, 'value');
      return id === undefined || value === undefined ? [] : [{ id, value }];
    }),
  };
}

function readGuest(guest: XmlElement): GuestCapsView {
  const arch = firstChild(guest, 'arch');
  return {
    osType: text(guest, 'os_type'),
    arch: attr(arch, 'name'),
    wordsize: parseCUint(text(arch, 'wordsize')),
    emulator: text(arch, 'emulator'),
    machines:
      arch === undefined ? [] : childElements(arch, 'machine').flatMap((m) => text(m) ?? []),
    domainTypes:
      arch === undefined ? [] : childElements(arch, 'domain').flatMap((d) => attr(d, 'type') ?? []),
  };
}

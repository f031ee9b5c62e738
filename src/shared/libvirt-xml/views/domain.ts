import { childElements, findElement, findElements, firstChild, type XmlSource } from '../tree';
import { toKiB } from '../units';
import { parseDecimal, uintAttr, parseCUint, yesNo } from '../values';
import { attr, expectElement, nameText, rawText, text } from './common';
import { readDomainDevices, type DomainDevices } from './domain-devices';
import type { XmlElement } from '../tree';

// What virtdesk reads from a <domain>. Every field is optional unless libvirt always writes it:
// the same reader serves full `virsh dumpxml` output, the stub <domain> inside a snapshot and
// hand-written test configs, and it must not throw on any of them.

export interface VcpuView {
  count?: number;
  placement?: string;
  cpuset?: string;
  /** Vcpus online at boot when fewer than `count` (hotplug headroom). */
  current?: number;
}

export interface CputuneView {
  vcpupin: { vcpu: number; cpuset: string }[];
  emulatorpin?: string;
  iothreadpin: { iothread: number; cpuset: string }[];
  shares?: number;
  period?: number;
  quota?: number;
}

export interface NumatuneView {
  memory?: { mode?: string; nodeset?: string; placement?: string };
  memnodes: { cellid: number; mode?: string; nodeset?: string }[];
}

export interface MemoryBackingView {
  /** Present when <hugepages> is; an empty page list means the host's default size. */
  hugepages?: { sizeKiB?: number; nodeset?: string }[];
  locked: boolean;
  nosharepages: boolean;
  sourceType?: string;
  accessMode?: string;
  allocationMode?: string;
}

export interface CpuTopology {
  sockets?: number;
  dies?: number;
  clusters?: number;
  cores?: number;
  threads?: number;
}

export interface CpuView {
  mode?: string;
  match?: string;
  check?: string;
  model?: string;
  vendor?: string;
  topology?: CpuTopology;
  features: { name: string; policy?: string }[];
  numaCells: { id?: number; cpus?: string; memoryKiB?: number; memAccess?: string }[];
}

export interface OsView {
  type?: string;
  arch?: string;
  machine?: string;
  firmware?: string;
  loader?: string;
  nvram?: string;
  kernel?: string;
  initrd?: string;
  cmdline?: string;
  /** <boot dev=…/> in order: 'hd', 'cdrom', 'network', 'fd'. */
  bootDevices: string[];
  bootMenu?: boolean;
}

export interface DomainView extends DomainDevices {
  /** Hypervisor type: 'kvm', 'qemu', 'xen', 'test'… */
  type?: string;
  name?: string;
  uuid?: string;
  title?: string;
  description?: string;
  memoryKiB?: number;
  currentMemoryKiB?: number;
  maxMemoryKiB?: number;
  maxMemorySlots?: number;
  vcpu?: VcpuView;
  iothreads?: number;
  cputune?: CputuneView;
  numatune?: NumatuneView;
  memoryBacking?: MemoryBackingView;
  cpu?: CpuView;
  os?: OsView;
}

function memoryKiB(root: XmlElement, name: string): number | undefined {
  const el = firstChild(root, name);
  return el === undefined ? undefined : toKiB(text(el) ?? '', attr(el, 'unit'), 'KiB');
}

export function readDomain(src: XmlSource): DomainView {
  const root = expectElement(src, 'domain');
  const vcpu = firstChild(root, 'vcpu');
  const maxMemory = firstChild(root, 'maxMemory');
  return {
    type: attr(root, 'type'),
    name: nameText(root, 'name'),
    uuid: text(root, 'uuid'),
    title: text(root, 'title'),
    description: rawText(root, 'description'),
    memoryKiB: memoryKiB(root, 'memory'),
    currentMemoryKiB: memoryKiB(root, 'currentMemory'),
    maxMemoryKiB: memoryKiB(root, 'maxMemory'),
    maxMemorySlots: uintAttr(maxMemory, 'slots'),
    vcpu: vcpu && {
      count: parseCUint(text(vcpu)),
      placement: attr(vcpu, 'placement'),
      cpuset: attr(vcpu, 'cpuset'),
      current: uintAttr(vcpu, 'current'),
    },
    iothreads: parseCUint(text(root, 'iothreads')),
    cputune: readCputune(firstChild(root, 'cputune')),
    numatune: readNumatune(firstChild(root, 'numatune')),
    memoryBacking: readMemoryBacking(firstChild(root, 'memoryBacking')),
    cpu: readCpu(firstChild(root, 'cpu')),
    os: readOs(firstChild(root, 'os')),
    ...readDomainDevices(root),
  };
}

function readCputune(el: XmlElement | undefined): CputuneView | undefined {
  if (el === undefined) return undefined;
  const pins = (name: string, key: string) =>
    childElements(el, name).flatMap((pin) => {
      const id = uintAttr(pin, key);
      const cpuset = attr(pin, 'cpuset');
      return id === undefined || cpuset === undefined ? [] : [{ id, cpuset }];
    });
  return {
    vcpupin: pins('vcpupin', 'vcpu').map(({ id, cpuset }) => ({ vcpu: id, cpuset })),
    emulatorpin: attr(firstChild(el, 'emulatorpin'), 'cpuset'),
    iothreadpin: pins('iothreadpin', 'iothread').map(({ id, cpuset }) => ({
      iothread: id,
      cpuset,
    })),
    shares: parseDecimal(text(el, 'shares')),
    period: parseDecimal(text(el, 'period')),
    quota: parseDecimal(text(el, 'quota')),
  };
}

function readNumatune(el: XmlElement | undefined): NumatuneView | undefined {
  if (el === undefined) return undefined;
  const memory = firstChild(el, 'memory');
  return {
    memory: memory && {
      mode: attr(memory, 'mode'),
      nodeset: attr(memory, 'nodeset'),
      placement: attr(memory, 'placement'),
    },
    memnodes: childElements(el, 'memnode').flatMap((m) => {
      const cellid = uintAttr(m, 'cellid');
      if (cellid === undefined) return [];
      return [{ cellid, mode: attr(m, 'mode'), nodeset: attr(m, 'nodeset') }];
    }),
  };
}

function readMemoryBacking(el: XmlElement | undefined): MemoryBackingView | undefined {
  if (el === undefined) return undefined;
  const hugepages = firstChild(el, 'hugepages');
  return {
    hugepages:
      hugepages &&
      childElements(hugepages, 'page').map((p) => ({
        sizeKiB: toKiB(attr(p, 'size'), attr(p, 'unit'), 'KiB'),
        nodeset: attr(p, 'nodeset'),
      })),
    locked: firstChild(el, 'locked') !== undefined,
    nosharepages: firstChild(el, 'nosharepages') !== undefined,
    sourceType: attr(firstChild(el, 'source'), 'type'),
    accessMode: attr(firstChild(el, 'access'), 'mode'),
    allocationMode: attr(firstChild(el, 'allocation'), 'mode'),
  };
}

function readCpu(el: XmlElement | undefined): CpuView | undefined {
  if (el === undefined) return undefined;
  const topo = firstChild(el, 'topology');
  return {
    mode: attr(el, 'mode'),
    match: attr(el, 'match'),
    check: attr(el, 'check'),
    model: text(el, 'model'),
    vendor: text(el, 'vendor'),
    topology: topo && {
      sockets: uintAttr(topo, 'sockets'),
      dies: uintAttr(topo, 'dies'),
      clusters: uintAttr(topo, 'clusters'),
      cores: uintAttr(topo, 'cores'),
      threads: uintAttr(topo, 'threads'),
    },
    features: childElements(el, 'feature').flatMap((f) => {
      const name = attr(f, 'name');
      return name === undefined ? [] : [{ name, policy: attr(f, 'policy') }];
    }),
    numaCells: findElements(el, 'numa/cell').map((c) => ({
      id: uintAttr(c, 'id'),
      cpus: attr(c, 'cpus'),
      memoryKiB: toKiB(attr(c, 'memory'), attr(c, 'unit'), 'KiB'),
      memAccess: attr(c, 'memAccess'),
    })),
  };
}

function readOs(el: XmlElement | undefined): OsView | undefined {
  if (el === undefined) return undefined;
  const type = firstChild(el, 'type');
  return {
    type: text(type),
    arch: attr(type, 'arch'),
    machine: attr(type, 'machine'),
    firmware: attr(el, 'firmware'),
    loader: text(el, 'loader'),
    nvram: text(el, 'nvram'),
    kernel: text(el, 'kernel'),
    initrd: text(el, 'initrd'),
    cmdline: text(el, 'cmdline'),
    bootDevices: childElements(el, 'boot').flatMap((b) => attr(b, 'dev') ?? []),
    bootMenu: yesNo(attr(findElement(el, 'bootmenu'), 'enable')),
  };
}

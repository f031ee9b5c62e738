import type {
  CpuSet,
  CpuSettings,
  DisksSettings,
  HardwareChange,
  MemorySettings,
  NicSettings,
  NicSource,
  PinningSettings,
  VmHardware,
} from '../../hardware';
import { cpusetText, diskIoProblem, nicQueuesProblem, topologyProblem } from '../../hardwareRules';
import { el, indentTree } from '../build';
import { appendChild, insertAfter, insertFirst, removeChildren, removeNode } from '../edit';
import { XmlError } from '../errors';
import { parseXml } from '../parse';
import { serializeXml } from '../serialize';
import {
  attrNames,
  childElements,
  childNodes,
  firstChild,
  getAttr,
  isElement,
  nodeName,
  setAttr,
  setText,
  type XmlElement,
} from '../tree';
import { expectElement } from './common';
import { setDomainCurrentMemoryKiB, setDomainMemoryKiB, setDomainVcpus } from './domain-edit';
import { readHardware } from './domain-hardware';

// The edit of one section of the VM Hardware tab's view (domain-hardware.ts reads it). The edit
// touches only the elements and attributes the section owns, and only those whose value changes: a
// section handed back unchanged gives the document back byte for byte. Elements that have to be
// created go where libvirt writes them (virDomainDefFormat's order), indented like their
// neighbours. Rules that need only the document (topology product, current ≤ maximum, iothread
// ids, virtio-only settings) are checked here with libvirt's words; rules that need the host (its
// CPUs, nodes, free pages, networks) are the plan's (main/drivers/common/hardwarePlan.ts).

function invalid(message: string): XmlError {
  return new XmlError('INVALID_VALUE', message);
}

// ---------------------------------------------------------------------------------------------
// Writing helpers

/** A cpuset as libvirt writes one (virBitmapFormat): ascending ranges, "2-5,8". */
export const formatCpuset = cpusetText;

const sameSet = (a: CpuSet | null, b: CpuSet | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && a.every((x, i) => x === b[i]);

/** Depth of a top-level domain child (1) or a device (2), for indenting what is created. */
function place(parent: XmlElement, child: XmlElement, after: readonly string[], depth: number) {
  // A child built here and filled through place() is indented already.
  if (!childNodes(child).some((k) => nodeName(k) === '#text')) indentTree(child, depth);
  const kids = childNodes(parent);
  if (!kids.some(isElement)) {
    // An element written empty (<cputune/>, <hugepages/>): open it up like libvirt would.
    const pad = '\n' + '  '.repeat(depth);
    kids.splice(0, kids.length, { '#text': pad }, child, {
      '#text': '\n' + '  '.repeat(depth - 1),
    });
    return child;
  }
  for (let i = kids.length - 1; i >= 0; i--) {
    const k = kids[i];
    if (k !== undefined && after.includes(nodeName(k))) return insertAfter(parent, k, child);
  }
  return after.length === 0 ? appendChild(parent, child) : insertFirst(parent, child);
}

/** As the parent's first child element (before any other). */
function placeFirst(parent: XmlElement, child: XmlElement, depth: number): XmlElement {
  if (!childNodes(parent).some(isElement)) return place(parent, child, [], depth);
  indentTree(child, depth);
  return insertFirst(parent, child);
}

/** Removes an element that no longer holds any child element nor attribute. */
function dropIfEmpty(parent: XmlElement, child: XmlElement | undefined): void {
  if (child === undefined) return;
  if (!childNodes(child).some(isElement) && attrNames(child).length === 0)
    removeNode(parent, child);
}

/**
 * Sets or removes an attribute keeping libvirt's attribute order: a new one goes before the
 * first present attribute that libvirt writes after it.
 */
function setOrderedAttr(
  e: XmlElement,
  name: string,
  value: string | undefined,
  order: readonly string[],
): void {
  if (value === undefined || getAttr(e, name) !== undefined) {
    setAttr(e, name, value);
    return;
  }
  const names = attrNames(e);
  const rank = order.indexOf(name);
  const at = names.findIndex((n) => {
    const r = order.indexOf(n);
    return rank !== -1 && r > rank;
  });
  if (at === -1) {
    setAttr(e, name, value);
    return;
  }
  const old = names.map((n) => [n, getAttr(e, n) ?? ''] as const);
  for (const [n] of old) setAttr(e, n, undefined);
  old.splice(at, 0, [name, value]);
  for (const [n, v] of old) setAttr(e, n, v);
}

// libvirt's order of the top-level elements this file may create (virDomainDefFormatInternal).
const TOP_BEFORE_VCPUS = [
  'name',
  'uuid',
  'genid',
  'title',
  'description',
  'metadata',
  'maxMemory',
  'memory',
  'currentMemory',
  'blkiotune',
  'memtune',
];
const BEFORE_MEMORY_BACKING = TOP_BEFORE_VCPUS;
const BEFORE_IOTHREADS = [...TOP_BEFORE_VCPUS, 'memoryBacking', 'vcpu', 'vcpus'];
const BEFORE_CPUTUNE = [...BEFORE_IOTHREADS, 'iothreads', 'iothreadids', 'defaultiothread'];
const BEFORE_NUMATUNE = [...BEFORE_CPUTUNE, 'cputune'];
const BEFORE_CPU = [
  ...BEFORE_NUMATUNE,
  'numatune',
  'resource',
  'sysinfo',
  'bootloader',
  'bootloader_args',
  'os',
  'idmap',
  'features',
];
const CPUTUNE_SCALARS = [
  'shares',
  'global_period',
  'global_quota',
  'period',
  'quota',
  'emulator_period',
  'emulator_quota',
  'iothread_period',
  'iothread_quota',
];
const BEFORE_MEMBALLOON = [
  'emulator',
  'disk',
  'controller',
  'lease',
  'filesystem',
  'interface',
  'smartcard',
  'serial',
  'parallel',
  'console',
  'channel',
  'input',
  'tpm',
  'graphics',
  'sound',
  'audio',
  'video',
  'hostdev',
  'redirdev',
  'redirfilter',
  'hub',
  'watchdog',
];
const DISK_DRIVER_ATTRS = [
  'name',
  'type',
  'cache',
  'error_policy',
  'rerror_policy',
  'io',
  'ioeventfd',
  'event_idx',
  'copy_on_read',
  'discard',
  'iothread',
  'detect_zeroes',
  'queues',
  'queue_size',
];
const NIC_DRIVER_ATTRS = [
  'name',
  'txmode',
  'ioeventfd',
  'event_idx',
  'queues',
  'rx_queue_size',
  'tx_queue_size',
];
const NIC_BEFORE_MODEL = [
  'mac',
  'source',
  'vlan',
  'virtualport',
  'ip',
  'route',
  'script',
  'downscript',
  'backenddomain',
  'target',
  'guest',
];

// ---------------------------------------------------------------------------------------------
// Sections

function applyCpu(root: XmlElement, was: CpuSettings, cpu: CpuSettings): void {
  if (cpu.vcpus < 1 || cpu.vcpus > cpu.maxVcpus)
    throw invalid(
      `invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: ${cpu.vcpus} > ${cpu.maxVcpus}`,
    );
  const topo = topologyProblem(cpu);
  if (topo !== null) throw invalid(topo);
  if (cpu.mode === 'custom' && cpu.model === null && was.mode !== 'custom')
    throw invalid('A custom CPU needs a model.');
  if (cpu.vcpus !== was.vcpus || cpu.maxVcpus !== was.maxVcpus) {
    setDomainVcpus(root, cpu.maxVcpus, cpu.vcpus);
    if (cpu.maxVcpus !== was.maxVcpus) {
      // Per-vCPU hotplug state and pins of vCPUs that no longer exist: libvirt refuses both.
      removeChildren(root, 'vcpus');
      const tune = firstChild(root, 'cputune');
      if (tune !== undefined) {
        for (const pin of childElements(tune, 'vcpupin')) {
          const id = Number(getAttr(pin, 'vcpu'));
          if (!(id < cpu.maxVcpus)) removeNode(tune, pin);
        }
        dropIfEmpty(root, tune);
      }
    }
  }
  const modelChanged = cpu.mode !== was.mode || cpu.model !== was.model;
  const topoChanged = JSON.stringify(cpu.topology) !== JSON.stringify(was.topology);
  if (!modelChanged && !topoChanged) return;
  let cpuEl = firstChild(root, 'cpu');
  if (cpuEl === undefined) cpuEl = place(root, el('cpu'), BEFORE_CPU, 1);
  if (modelChanged) {
    setAttr(cpuEl, 'mode', cpu.mode);
    if (cpu.mode === 'custom') {
      if (getAttr(cpuEl, 'match') === undefined)
        setOrderedAttr(cpuEl, 'match', 'exact', ['mode', 'match', 'check']);
      const model = firstChild(cpuEl, 'model');
      if (cpu.model !== null) {
        if (model === undefined) place(cpuEl, el('model', { fallback: 'allow' }, cpu.model), [], 2);
        else setText(model, cpu.model);
      }
    } else {
      setAttr(cpuEl, 'match', undefined);
      removeChildren(cpuEl, 'model');
      removeChildren(cpuEl, 'vendor');
    }
    // libvirt allows migratable='…' only on host-passthrough (and maximum).
    if (cpu.mode !== 'host-passthrough') setAttr(cpuEl, 'migratable', undefined);
  }
  if (topoChanged) {
    const t = cpu.topology;
    const topoEl = firstChild(cpuEl, 'topology');
    if (t === null) {
      if (topoEl !== undefined) removeNode(cpuEl, topoEl);
    } else {
      const attrs = {
        sockets: String(t.sockets),
        dies: '1',
        cores: String(t.cores),
        threads: String(t.threads),
      };
      if (topoEl === undefined) {
        place(cpuEl, el('topology', attrs), ['model', 'vendor'], 2);
      } else {
        for (const [k, v] of Object.entries(attrs))
          if (k !== 'dies' || getAttr(topoEl, 'dies') !== undefined) setAttr(topoEl, k, v);
        if (getAttr(topoEl, 'clusters') !== undefined) setAttr(topoEl, 'clusters', '1');
      }
    }
  }
  dropIfEmpty(root, cpuEl);
}

/** Writes one <vcpupin>/<iothreadpin> list: changed pins edited, gone ones removed, new ones in order. */
function writePins(
  tune: XmlElement,
  tag: 'vcpupin' | 'iothreadpin',
  key: 'vcpu' | 'iothread',
  was: (CpuSet | null)[],
  now: (CpuSet | null)[],
  idOf: (i: number) => number,
  after: readonly string[],
): void {
  for (let i = 0; i < Math.max(was.length, now.length); i++) {
    const before = was[i] ?? null;
    const want = now[i] ?? null;
    if (sameSet(before, want)) continue;
    const id = idOf(i);
    const existing = childElements(tune, tag).filter((p) => Number(getAttr(p, key)) === id);
    if (want === null) {
      for (const p of existing) removeNode(tune, p);
    } else if (existing[0] !== undefined) {
      setAttr(existing[0], 'cpuset', formatCpuset(want));
    } else {
      // After the pin of the nearest lower id, so the list stays in id order as libvirt writes it.
      const lower = childElements(tune, tag).filter((p) => Number(getAttr(p, key)) < id);
      const ref = lower[lower.length - 1];
      const pin = el(tag, { [key]: String(id), cpuset: formatCpuset(want) });
      if (ref !== undefined) insertAfter(tune, ref, pin);
      else place(tune, pin, after, 2);
    }
  }
}

function applyPinning(root: XmlElement, was: VmHardware, p: PinningSettings): void {
  const max = was.cpu.maxVcpus;
  if (p.vcpus.length > max)
    throw invalid(
      `invalid argument: vcpu ${p.vcpus.length - 1} is out of range of live cpu count ${max}`,
    );
  if (p.iothreads.length > was.disks.iothreads)
    throw invalid(`invalid argument: Cannot find 'iothread' : ${p.iothreads.length}`);
  const old = was.pinning;
  const vcpusChanged =
    p.vcpus.some((s, i) => !sameSet(s, old.vcpus[i] ?? null)) ||
    old.vcpus.slice(p.vcpus.length).some((s) => s !== null);
  const emuChanged = !sameSet(p.emulator, old.emulator);
  const ioChanged =
    p.iothreads.some((s, i) => !sameSet(s, old.iothreads[i] ?? null)) ||
    old.iothreads.slice(p.iothreads.length).some((s) => s !== null);
  if (vcpusChanged || emuChanged || ioChanged) {
    let tune = firstChild(root, 'cputune');
    const fresh = tune === undefined;
    if (tune === undefined) tune = el('cputune');
    const vcpus = [...p.vcpus, ...Array<null>(Math.max(0, max - p.vcpus.length)).fill(null)];
    if (vcpusChanged)
      writePins(tune, 'vcpupin', 'vcpu', old.vcpus, vcpus, (i) => i, CPUTUNE_SCALARS);
    if (emuChanged) {
      const pin = firstChild(tune, 'emulatorpin');
      if (p.emulator === null) {
        if (pin !== undefined) removeNode(tune, pin);
      } else if (pin !== undefined) setAttr(pin, 'cpuset', formatCpuset(p.emulator));
      else
        place(
          tune,
          el('emulatorpin', { cpuset: formatCpuset(p.emulator) }),
          [...CPUTUNE_SCALARS, 'vcpupin'],
          2,
        );
    }
    if (ioChanged) {
      const threads = [...p.iothreads];
      writePins(tune, 'iothreadpin', 'iothread', old.iothreads, threads, (i) => i + 1, [
        ...CPUTUNE_SCALARS,
        'vcpupin',
        'emulatorpin',
      ]);
    }
    if (fresh) {
      if (childNodes(tune).some(isElement)) place(root, tune, BEFORE_CPUTUNE, 1);
    } else dropIfEmpty(root, tune);
  }
  if (JSON.stringify(p.numatune) !== JSON.stringify(old.numatune)) {
    const numa = firstChild(root, 'numatune');
    const mem = numa === undefined ? undefined : firstChild(numa, 'memory');
    if (p.numatune === null) {
      if (numa !== undefined && mem !== undefined) {
        removeNode(numa, mem);
        dropIfEmpty(root, numa);
      }
      return;
    }
    const attrs = { mode: p.numatune.mode, nodeset: formatCpuset(p.numatune.nodeset) };
    if (numa === undefined) {
      place(root, el('numatune', {}, el('memory', attrs)), BEFORE_NUMATUNE, 1);
    } else if (mem === undefined) {
      placeFirst(numa, el('memory', attrs), 2);
    } else {
      setOrderedAttr(mem, 'mode', attrs.mode, ['mode', 'nodeset', 'placement']);
      setAttr(mem, 'placement', undefined);
      setOrderedAttr(mem, 'nodeset', attrs.nodeset, ['mode', 'nodeset', 'placement']);
    }
  }
}

const MEMORY_BACKING_ORDER = [
  'hugepages',
  'nosharepages',
  'locked',
  'source',
  'access',
  'allocation',
  'discard',
];

function setFlag(mb: XmlElement, name: string, on: boolean): void {
  if (!on) {
    removeChildren(mb, name);
    return;
  }
  if (firstChild(mb, name) !== undefined) return;
  const before = MEMORY_BACKING_ORDER.slice(0, MEMORY_BACKING_ORDER.indexOf(name));
  place(mb, el(name), before, 2);
}

function applyMemory(root: XmlElement, was: MemorySettings, m: MemorySettings): void {
  if (m.currentKiB > m.maxKiB)
    throw invalid('invalid argument: cannot set memory higher than max memory');
  if (m.maxKiB !== was.maxKiB) setDomainMemoryKiB(root, m.maxKiB);
  if (m.currentKiB !== was.currentKiB || m.maxKiB !== was.maxKiB)
    setDomainCurrentMemoryKiB(root, m.currentKiB);
  const hpChanged = JSON.stringify(m.hugepages) !== JSON.stringify(was.hugepages);
  if (hpChanged || m.locked !== was.locked || m.nosharepages !== was.nosharepages) {
    let mb = firstChild(root, 'memoryBacking');
    if (mb === undefined) mb = place(root, el('memoryBacking'), BEFORE_MEMORY_BACKING, 1);
    if (hpChanged) {
      removeChildren(mb, 'hugepages');
      if (m.hugepages !== null) {
        const attrs: Record<string, string> = { size: String(m.hugepages.sizeKiB), unit: 'KiB' };
        if (m.hugepages.nodeset !== null) attrs.nodeset = formatCpuset(m.hugepages.nodeset);
        placeFirst(mb, el('hugepages', {}, el('page', attrs)), 2);
      }
    }
    if (m.nosharepages !== was.nosharepages) setFlag(mb, 'nosharepages', m.nosharepages);
    if (m.locked !== was.locked) setFlag(mb, 'locked', m.locked);
    dropIfEmpty(root, mb);
  }
  if (m.balloon !== was.balloon) {
    let devices = firstChild(root, 'devices');
    if (devices === undefined) devices = place(root, el('devices'), [], 1);
    const balloon = firstChild(devices, 'memballoon');
    if (m.balloon === 'none') {
      // A balloon that is not there has no stats period nor address.
      const none = el('memballoon', { model: 'none' });
      if (balloon !== undefined) {
        insertAfter(devices, balloon, none);
        removeNode(devices, balloon);
      } else place(devices, none, BEFORE_MEMBALLOON, 2);
    } else if (balloon !== undefined) setAttr(balloon, 'model', m.balloon);
    else place(devices, el('memballoon', { model: m.balloon }), BEFORE_MEMBALLOON, 2);
  }
}

function diskElement(devices: XmlElement, target: string): XmlElement | undefined {
  return childElements(devices, 'disk').find(
    (d) => getAttr(firstChild(d, 'target') ?? {}, 'dev') === target,
  );
}

/** Index of a virtio-scsi controller, adding one (the next free scsi index) when there is none. */
function virtioScsiController(devices: XmlElement): number {
  const scsi = childElements(devices, 'controller').filter((c) => getAttr(c, 'type') === 'scsi');
  const vs = scsi.find((c) => getAttr(c, 'model') === 'virtio-scsi');
  if (vs !== undefined) return Number(getAttr(vs, 'index') ?? '0');
  const index = scsi.reduce((n, c) => Math.max(n, Number(getAttr(c, 'index') ?? '0') + 1), 0);
  const ctl = el('controller', { type: 'scsi', index: String(index), model: 'virtio-scsi' });
  const ctls = childElements(devices, 'controller');
  const last = ctls[ctls.length - 1];
  if (last !== undefined) insertAfter(devices, last, ctl);
  else place(devices, ctl, ['emulator', 'disk'], 2);
  return index;
}

function applyDisks(root: XmlElement, was: DisksSettings, ds: DisksSettings): void {
  for (const d of ds.disks) {
    const w = was.disks.find((x) => x.target === d.target);
    if (w === undefined) throw invalid(`The VM has no disk ${d.target}.`);
    // Only what this change touches is checked: a document libvirt accepted stays accepted.
    if (JSON.stringify(w) === JSON.stringify(d) && ds.iothreads === was.iothreads) continue;
    if (d.iothread !== null && d.bus !== 'virtio')
      throw invalid(
        `unsupported configuration: IOThreads not available for bus ${d.bus} target ${d.target}`,
      );
    if (d.iothread !== null && d.iothread > ds.iothreads)
      throw invalid(
        `unsupported configuration: Disk iothread '${d.iothread}' not defined in iothreadid`,
      );
    const io = JSON.stringify(w) === JSON.stringify(d) ? null : diskIoProblem(d);
    if (io !== null) throw invalid(`${io} (${d.target})`);
  }
  if (ds.iothreads !== was.iothreads) {
    const ids = firstChild(root, 'iothreadids');
    if (ids !== undefined) {
      for (const t of childElements(ids, 'iothread'))
        if (!(Number(getAttr(t, 'id')) <= ds.iothreads)) removeNode(ids, t);
      dropIfEmpty(root, ids);
    }
    const tune = firstChild(root, 'cputune');
    if (tune !== undefined) {
      for (const pin of childElements(tune, 'iothreadpin'))
        if (!(Number(getAttr(pin, 'iothread')) <= ds.iothreads)) removeNode(tune, pin);
      dropIfEmpty(root, tune);
    }
    const el0 = firstChild(root, 'iothreads');
    if (ds.iothreads === 0) {
      if (el0 !== undefined) removeNode(root, el0);
    } else if (el0 !== undefined) setText(el0, String(ds.iothreads));
    else place(root, el('iothreads', {}, String(ds.iothreads)), BEFORE_IOTHREADS, 1);
  }
  const devices = firstChild(root, 'devices');
  if (devices === undefined) return;
  for (const d of ds.disks) {
    const w = was.disks.find((x) => x.target === d.target);
    const disk = diskElement(devices, d.target);
    if (w === undefined || disk === undefined) continue;
    const driverNeeded =
      d.cache !== w.cache || d.io !== w.io || d.discard !== w.discard || d.iothread !== w.iothread;
    if (driverNeeded) {
      let driver = firstChild(disk, 'driver');
      if (driver === undefined) driver = place(disk, el('driver', { name: 'qemu' }), [], 3);
      const set = (name: string, v: string | undefined) =>
        setOrderedAttr(driver, name, v, DISK_DRIVER_ATTRS);
      const dflt = (v: string) => (v === 'default' ? undefined : v);
      if (d.cache !== w.cache) set('cache', dflt(d.cache));
      if (d.io !== w.io) set('io', dflt(d.io));
      if (d.discard !== w.discard) set('discard', dflt(d.discard));
      if (d.iothread !== w.iothread)
        set('iothread', d.iothread === null ? undefined : String(d.iothread));
    }
    if (d.bus !== w.bus) {
      const target = firstChild(disk, 'target');
      if (target !== undefined) setAttr(target, 'bus', d.bus);
      // The old bus's address means nothing on the new one: libvirt assigns a fresh one.
      removeChildren(disk, 'address');
      if (d.bus === 'scsi') {
        const ctl = virtioScsiController(devices);
        if (ctl !== 0) {
          const units = childElements(devices, 'disk')
            .map((x) => firstChild(x, 'address'))
            .filter(
              (a) =>
                a !== undefined &&
                getAttr(a, 'type') === 'drive' &&
                getAttr(a, 'controller') === String(ctl),
            )
            .map((a) => Number(getAttr(a ?? {}, 'unit') ?? '0'));
          const unit = units.length === 0 ? 0 : Math.max(...units) + 1;
          appendChild(
            disk,
            el('address', {
              type: 'drive',
              controller: String(ctl),
              bus: '0',
              target: '0',
              unit: String(unit),
            }),
          );
        }
      }
    }
  }
}

function nicElement(devices: XmlElement, mac: string): XmlElement | undefined {
  return childElements(devices, 'interface').find(
    (n) => getAttr(firstChild(n, 'mac') ?? {}, 'address')?.toLowerCase() === mac.toLowerCase(),
  );
}

function sourceElement(s: NicSource): XmlElement {
  switch (s.type) {
    case 'network':
      return el('source', { network: s.network });
    case 'bridge':
      return el('source', { bridge: s.bridge });
    case 'direct':
      return el('source', { dev: s.dev, mode: s.mode });
    case 'hostdev': {
      const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(s.address);
      if (m === null) throw invalid(`${s.address} is not a PCI address like 0000:03:10.1.`);
      const [, domain = '', bus = '', slot = '', fn = ''] = m;
      return el(
        'source',
        {},
        el('address', {
          type: 'pci',
          domain: `0x${domain}`,
          bus: `0x${bus}`,
          slot: `0x${slot}`,
          function: `0x${fn}`,
        }),
      );
    }
  }
}

function applyNics(root: XmlElement, was: NicSettings[], nics: NicSettings[]): void {
  for (const n of nics) {
    const w = was.find((x) => x.mac === n.mac.toLowerCase());
    if (w === undefined) throw invalid(`The VM has no network interface with MAC ${n.mac}.`);
    const problem = JSON.stringify(w) === JSON.stringify(n) ? null : nicQueuesProblem(n);
    if (problem !== null) throw invalid(problem);
  }
  const devices = firstChild(root, 'devices');
  if (devices === undefined) return;
  for (const n of nics) {
    const w = was.find((x) => x.mac === n.mac.toLowerCase());
    const nic = nicElement(devices, n.mac);
    if (w === undefined || nic === undefined) continue;
    if (JSON.stringify(n.source) !== JSON.stringify(w.source)) {
      setAttr(nic, 'type', n.source.type);
      if (n.source.type === 'hostdev') setOrderedAttr(nic, 'managed', 'yes', ['type', 'managed']);
      else setAttr(nic, 'managed', undefined);
      const old = firstChild(nic, 'source');
      const fresh = sourceElement(n.source);
      indentTree(fresh, 3);
      if (old !== undefined) {
        insertAfter(nic, old, fresh);
        removeNode(nic, old);
      } else place(nic, fresh, ['mac'], 3);
      // A host's tap name and a VF's vfio driver belong to the old kind of source.
      if (w.source.type === 'hostdev' || n.source.type === 'hostdev') removeChildren(nic, 'driver');
      if (n.source.type === 'hostdev') removeChildren(nic, 'model');
    }
    if (n.model !== w.model && n.source.type !== 'hostdev') {
      const model = firstChild(nic, 'model');
      if (n.model === '') {
        if (model !== undefined) removeNode(nic, model);
      } else if (model !== undefined) setAttr(model, 'type', n.model);
      else place(nic, el('model', { type: n.model }), NIC_BEFORE_MODEL, 3);
    }
    if (n.queues !== w.queues) {
      let driver = firstChild(nic, 'driver');
      if (n.queues !== null && driver === undefined)
        driver = place(nic, el('driver'), [...NIC_BEFORE_MODEL, 'model'], 3);
      if (driver !== undefined) {
        setOrderedAttr(
          driver,
          'queues',
          n.queues === null ? undefined : String(n.queues),
          NIC_DRIVER_ATTRS,
        );
        dropIfEmpty(nic, driver);
      }
    }
  }
}

/**
 * The persistent definition with one Hardware section replaced. Only what changed is written;
 * everything else (comments, unknown elements, attribute quoting) is kept byte for byte.
 */
export function applyHardwareChange(xml: string, change: HardwareChange): string {
  const doc = parseXml(xml, { root: 'domain' });
  const root = expectElement(doc, 'domain');
  const was = readHardware(xml, null);
  switch (change.section) {
    case 'cpu':
      applyCpu(root, was.cpu, change.cpu);
      break;
    case 'pinning':
      applyPinning(root, was, change.pinning);
      break;
    case 'memory':
      applyMemory(root, was.memory, change.memory);
      break;
    case 'disks':
      applyDisks(root, was.disks, change.disks);
      break;
    case 'nics':
      applyNics(root, was.nics, change.nics);
      break;
  }
  return serializeXml(doc);
}

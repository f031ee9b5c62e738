// One Hardware change (shared/hardware.ts) turned into a plan: the persistent XML before and
// after, one step per thing that changes with when it takes effect (a running VM gets what libvirt
// can change live at once, through the verb named on the step; the rest at its next boot), the
// warnings the user should see before Apply, and the refusal when libvirt would say no. Both
// drivers plan with this and apply the plan's steps, so the dialog shows exactly what runs.
import type {
  CpuSet,
  CpuSettings,
  DisksSettings,
  HardwareChange,
  HardwareHostFacts,
  HardwarePlan,
  HardwareStep,
  LiveVerb,
  MemorySettings,
  NicSettings,
  NicSource,
  PinningSettings,
  VmHardware,
} from '../../../shared/hardware';
import {
  cpuRefusal,
  cpusetText,
  hugepageNeed,
  hugepageWarning,
  memoryRefusal,
  nicRefusal,
  nicWarnings,
  pinningRefusal,
  pinningWarnings,
  vcpusAboveMax,
} from '../../../shared/hardwareRules';
import {
  applyHardwareChange,
  isXmlError,
  parseXml,
  readDomain,
  readHardware,
} from '../../../shared/libvirt-xml';
import { pageSizeText } from '../../../shared/tuning';

export interface HardwarePlanInput {
  name: string;
  /** The persistent definition. */
  xml: string;
  /** The running VM's live XML; null when it is shut off. */
  liveXml: string | null;
  change: HardwareChange;
  host: HardwareHostFacts;
}

/** "8 GiB", "1536 MiB" for a size in KiB. */
export function kibText(kib: number): string {
  if (kib % (1024 * 1024) === 0) return `${kib / 1024 / 1024} GiB`;
  if (kib % 1024 === 0) return `${kib / 1024} MiB`;
  return `${kib} KiB`;
}

const setText = (s: CpuSet | null): string => (s === null ? 'any CPU' : `CPU ${cpusetText(s)}`);

class Steps {
  readonly list: HardwareStep[] = [];
  constructor(private readonly running: boolean) {}

  /** A step the running VM gets now through `live`; next boot when shut off or no verb. */
  now(text: string, live: LiveVerb): void {
    this.list.push(
      this.running ? { text, when: 'now', live } : { text, when: 'next-boot', live: null },
    );
  }

  nextBoot(text: string): void {
    this.list.push({ text, when: 'next-boot', live: null });
  }
}

/** What the running VM booted with: live verbs reach only that far. */
interface LiveLimits {
  maxVcpus: number;
  iothreads: number;
  maxKiB: number;
  balloon: boolean;
}

function liveLimits(liveXml: string | null): LiveLimits | null {
  if (liveXml === null) return null;
  const hw = readHardware(liveXml, null);
  return {
    maxVcpus: hw.cpu.maxVcpus,
    iothreads: hw.disks.iothreads,
    maxKiB: hw.memory.maxKiB,
    balloon: hw.memory.balloon !== 'none',
  };
}

function cpuSteps(s: Steps, was: CpuSettings, cpu: CpuSettings, live: LiveLimits | null): void {
  if (cpu.vcpus !== was.vcpus) {
    const text = `vCPUs ${was.vcpus} → ${cpu.vcpus}`;
    // A running VM takes vCPUs up to the maximum it booted with; a higher one comes with it.
    const max = live?.maxVcpus ?? was.maxVcpus;
    if (vcpusAboveMax(cpu.vcpus, max, true) === null)
      s.now(text, { verb: 'setvcpus', count: cpu.vcpus });
    else s.nextBoot(`${text} (above the running VM's maximum of ${max})`);
  }
  if (cpu.maxVcpus !== was.maxVcpus) s.nextBoot(`Maximum vCPUs ${was.maxVcpus} → ${cpu.maxVcpus}`);
  if (cpu.mode !== was.mode || cpu.model !== was.model) {
    const m = (c: CpuSettings) =>
      c.mode === 'custom' ? `custom (${c.model ?? 'no model'})` : c.mode;
    s.nextBoot(`CPU mode ${m(was)} → ${m(cpu)}`);
  }
  if (JSON.stringify(cpu.topology) !== JSON.stringify(was.topology)) {
    const t = cpu.topology;
    s.nextBoot(
      t === null
        ? 'Topology left to libvirt'
        : `Topology ${t.sockets} × ${t.cores} × ${t.threads} (sockets × cores × threads)`,
    );
  }
}

function pinningSteps(
  s: Steps,
  was: PinningSettings,
  p: PinningSettings,
  live: LiveLimits | null,
): void {
  const running = live !== null;
  const same = (a: CpuSet | null | undefined, b: CpuSet | null | undefined) =>
    JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const n = Math.max(was.vcpus.length, p.vcpus.length);
  for (let vcpu = 0; vcpu < n; vcpu++) {
    const cpus = p.vcpus[vcpu] ?? null;
    if (same(was.vcpus[vcpu], cpus)) continue;
    const text =
      cpus === null ? `vCPU ${vcpu} unpinned` : `vCPU ${vcpu} pinned to ${setText(cpus)}`;
    // A vCPU the running VM does not have yet (its maximum grows at next boot) is pinned then.
    if (live !== null && vcpu >= live.maxVcpus) s.nextBoot(text);
    else s.now(text, { verb: 'vcpupin', vcpu, cpus });
  }
  if (!same(was.emulator, p.emulator))
    s.now(p.emulator === null ? 'Emulator unpinned' : `Emulator pinned to ${setText(p.emulator)}`, {
      verb: 'emulatorpin',
      cpus: p.emulator,
    });
  const t = Math.max(was.iothreads.length, p.iothreads.length);
  for (let i = 0; i < t; i++) {
    const cpus = p.iothreads[i] ?? null;
    if (same(was.iothreads[i], cpus)) continue;
    const id = i + 1;
    const text =
      cpus === null ? `IOThread ${id} unpinned` : `IOThread ${id} pinned to ${setText(cpus)}`;
    if (live !== null && id > live.iothreads) s.nextBoot(text);
    else s.now(text, { verb: 'iothreadpin', iothread: id, cpus });
  }
  if (JSON.stringify(was.numatune) !== JSON.stringify(p.numatune)) {
    const nt = p.numatune;
    const text =
      nt === null
        ? 'Memory placement left to the host'
        : `Memory ${nt.mode} on node ${cpusetText(nt.nodeset)}`;
    // libvirt moves a running guest's memory only between nodes of a binding it keeps (cpuset.mems).
    const live =
      running &&
      nt !== null &&
      was.numatune !== null &&
      was.numatune.mode === nt.mode &&
      (nt.mode === 'strict' || nt.mode === 'restrictive');
    if (live) s.now(text, { verb: 'numatune', mode: nt.mode, nodeset: nt.nodeset });
    else s.nextBoot(text);
  }
}

function memorySteps(
  s: Steps,
  was: MemorySettings,
  m: MemorySettings,
  live: LiveLimits | null,
): void {
  if (m.currentKiB !== was.currentKiB) {
    const text = `Memory ${kibText(was.currentKiB)} → ${kibText(m.currentKiB)}`;
    // The balloon the VM booted with moves within the maximum it booted with.
    if ((live?.balloon ?? true) && m.currentKiB <= (live?.maxKiB ?? was.maxKiB))
      s.now(text, { verb: 'setmem', kib: m.currentKiB });
    else s.nextBoot(text);
  }
  if (m.maxKiB !== was.maxKiB)
    s.nextBoot(`Maximum memory ${kibText(was.maxKiB)} → ${kibText(m.maxKiB)}`);
  if (JSON.stringify(m.hugepages) !== JSON.stringify(was.hugepages)) {
    const h = m.hugepages;
    s.nextBoot(
      h === null
        ? 'Ordinary pages instead of hugepages'
        : `Hugepages of ${pageSizeText(h.sizeKiB)}` +
            (h.nodeset === null ? '' : ` for guest node ${cpusetText(h.nodeset)}`),
    );
  }
  if (m.locked !== was.locked)
    s.nextBoot(m.locked ? 'Memory locked (never swapped)' : 'Memory may be swapped');
  if (m.nosharepages !== was.nosharepages)
    s.nextBoot(
      m.nosharepages ? 'KSM leaves the guest’s pages alone' : 'KSM may merge the guest’s pages',
    );
  if (m.balloon !== was.balloon) s.nextBoot(`Balloon ${was.balloon} → ${m.balloon}`);
}

function diskSteps(s: Steps, was: DisksSettings, ds: DisksSettings, live: LiveLimits | null): void {
  if (ds.iothreads !== was.iothreads) {
    // An iothread a disk uses cannot go while the VM runs; it goes at the next boot instead. A VM
    // already running with another count than its definition's gets the new one at next boot.
    const busy = new Set(was.disks.flatMap((d) => (d.iothread === null ? [] : [d.iothread])));
    const inStep = live === null || live.iothreads === was.iothreads;
    for (let id = was.iothreads + 1; id <= ds.iothreads; id++)
      if (inStep) s.now(`IOThread ${id} added`, { verb: 'iothreadadd', iothread: id });
      else s.nextBoot(`IOThread ${id} added`);
    for (let id = was.iothreads; id > ds.iothreads; id--) {
      if (live !== null && busy.has(id)) s.nextBoot(`IOThread ${id} removed (a disk uses it now)`);
      else if (inStep) s.now(`IOThread ${id} removed`, { verb: 'iothreaddel', iothread: id });
      else s.nextBoot(`IOThread ${id} removed`);
    }
  }
  for (const d of ds.disks) {
    const w = was.disks.find((x) => x.target === d.target);
    if (w === undefined) continue;
    const parts: string[] = [];
    if (d.bus !== w.bus) parts.push(`bus ${w.bus} → ${d.bus}`);
    if (d.cache !== w.cache) parts.push(`cache ${d.cache}`);
    if (d.io !== w.io) parts.push(`io ${d.io}`);
    if (d.discard !== w.discard) parts.push(`discard ${d.discard}`);
    if (d.iothread !== w.iothread)
      parts.push(d.iothread === null ? 'no iothread' : `iothread ${d.iothread}`);
    if (parts.length > 0) s.nextBoot(`${d.target}: ${parts.join(', ')}`);
  }
}

function sourceText(src: NicSource): string {
  switch (src.type) {
    case 'network':
      return `network ${src.network}`;
    case 'bridge':
      return `bridge ${src.bridge}`;
    case 'direct':
      return `macvtap on ${src.dev} (${src.mode})`;
    case 'hostdev':
      return `VF ${src.address}`;
  }
}

function nicSteps(s: Steps, was: NicSettings[], nics: NicSettings[]): void {
  for (const n of nics) {
    const w = was.find((x) => x.mac === n.mac.toLowerCase());
    if (w === undefined) continue;
    const parts: string[] = [];
    if (JSON.stringify(n.source) !== JSON.stringify(w.source))
      parts.push(`on ${sourceText(n.source)}`);
    if (n.model !== w.model && n.source.type !== 'hostdev')
      parts.push(`model ${n.model || 'default'}`);
    if (n.queues !== w.queues) parts.push(n.queues === null ? 'one queue' : `${n.queues} queues`);
    if (parts.length > 0) s.nextBoot(`NIC ${n.mac}: ${parts.join(', ')}`);
  }
}

/** The other pages of this size a running VM holds now: it gives them back before it boots again. */
function heldPages(current: MemorySettings, running: boolean, sizeKiB: number): number {
  if (!running || current.hugepages === null || current.hugepages.sizeKiB !== sizeKiB) return 0;
  return Math.ceil(current.maxKiB / sizeKiB);
}

function refusalAndWarnings(
  input: HardwarePlanInput,
  was: VmHardware,
  running: boolean,
): { refusal: string | null; warnings: string[] } {
  const { change, host } = input;
  switch (change.section) {
    case 'cpu':
      return { refusal: cpuRefusal(change.cpu, host), warnings: [] };
    case 'pinning': {
      // Memory bound elsewhere must find the VM's hugepages there.
      const m = was.memory;
      const need =
        JSON.stringify(change.pinning.numatune) === JSON.stringify(was.pinning.numatune)
          ? null
          : hugepageNeed(
              m,
              change.pinning.numatune,
              host,
              m.hugepages === null ? 0 : heldPages(m, running, m.hugepages.sizeKiB),
            );
      const short = hugepageWarning(need);
      return {
        refusal: pinningRefusal(change.pinning, host),
        warnings: [...pinningWarnings(change.pinning, host), ...(short === null ? [] : [short])],
      };
    }
    case 'memory': {
      const m = change.memory;
      const guestNumaNodes = readDomain(parseXml(input.xml)).cpu?.numaCells.length ?? 0;
      const refusal = memoryRefusal(m, {
        running,
        currentChanged: m.currentKiB !== was.memory.currentKiB,
        guestNumaNodes,
        pageNodesetChanged:
          JSON.stringify(m.hugepages?.nodeset ?? null) !==
          JSON.stringify(was.memory.hugepages?.nodeset ?? null),
      });
      const need = hugepageNeed(
        m,
        was.pinning.numatune,
        host,
        m.hugepages === null ? 0 : heldPages(was.memory, running, m.hugepages.sizeKiB),
      );
      const warn = hugepageWarning(need);
      return { refusal, warnings: warn === null ? [] : [warn] };
    }
    case 'disks':
      return { refusal: null, warnings: [] };
    case 'nics': {
      let refusal: string | null = null;
      for (const n of change.nics) {
        refusal = nicRefusal(
          n,
          was.nics.find((w) => w.mac === n.mac.toLowerCase()),
          host,
        );
        if (refusal !== null) break;
      }
      return { refusal, warnings: nicWarnings(change.nics, host) };
    }
  }
}

/** The plan of one Hardware change; never throws for a change libvirt would refuse. */
export function planHardware(input: HardwarePlanInput): HardwarePlan {
  const running = input.liveXml !== null;
  const was = readHardware(input.xml, input.liveXml);
  const persistent = readHardware(input.xml, null);
  const live = liveLimits(input.liveXml);
  const { change } = input;
  let { refusal, warnings } = refusalAndWarnings(input, was, running);
  let xmlAfter = input.xml;
  if (refusal === null) {
    try {
      xmlAfter = applyHardwareChange(input.xml, change);
    } catch (e) {
      if (!isXmlError(e)) throw e;
      refusal = e.message;
      xmlAfter = input.xml;
    }
  }
  const s = new Steps(running);
  if (refusal === null) {
    switch (change.section) {
      case 'cpu':
        // Compared with what runs (its vCPUs online), written into the persistent definition.
        cpuSteps(s, was.cpu, change.cpu, live);
        break;
      case 'pinning':
        pinningSteps(s, persistent.pinning, change.pinning, live);
        break;
      case 'memory':
        memorySteps(s, persistent.memory, change.memory, live);
        break;
      case 'disks':
        diskSteps(s, persistent.disks, change.disks, live);
        break;
      case 'nics':
        nicSteps(s, persistent.nics, change.nics);
        break;
    }
  } else warnings = [];
  return { xmlBefore: input.xml, xmlAfter, steps: s.list, warnings, refusal };
}

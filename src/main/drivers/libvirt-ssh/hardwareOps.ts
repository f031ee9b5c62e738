// A VM's hardware on a libvirt host (HardwareOps), the same on SSH and local transports. One read
// serves get, plan and apply: the domain's persistent and live XML, `capabilities` (CPUs, NUMA
// cells, hugepage sizes), `freepages --all` and `domcapabilities` for its kind of guest ride one
// batch on the virsh session, while the networks, the host's interfaces and its PCI devices are
// asked for at the same time (their batches go down the same session behind it, so they cost
// latency once). Other VMs' pins come from the inventory's stored documents. The plan is the
// shared one (common/hardwarePlan.ts); apply refuses what it refuses, `define`s the new XML on
// stdin, then tells a running VM each step's live verb in order (`setvcpus --live` …).
import type { Params, Result } from '../../../shared/api';
import { VirtdeskError } from '../../../shared/errors';
import type {
  CpuSet,
  HardwareHostFacts,
  HardwareMethod,
  HardwarePlan,
  HardwareStep,
  HardwareView,
  LiveVerb,
} from '../../../shared/hardware';
import type { HostDevice } from '../../../shared/hostDevices';
import { isActive } from '../../../shared/lifecycle';
import {
  formatCpuset,
  parseXml,
  readCapabilities,
  readHardware,
} from '../../../shared/libvirt-xml';
import type { Network } from '../../../shared/model';
import { freeVfsOf, hostPinsOf } from '../common/hardwareFacts';
import { vmGone } from '../common/vmErrors';
import { planHardware } from '../common/hardwarePlan';
import type { HardwareOps } from '../driver';
import { domcapsLine, readDomainCaps } from './domcaps';
import type { Virsh } from './domain';
import { numaNodes, parseFreePages, pcpusOf } from './host';
import type { HostInterface } from './networkOps';
import { ownBridges } from './networkOps';
import { virshLine } from './quote';
import { stdoutOf } from './virsh';
import type { DomainRecord } from './vmRecord';

export interface HardwareHost {
  names(): { hostId: string; hostName: string };
  virsh(): Virsh;
  domains(): DomainRecord[];
  /** `virsh define` with the document on stdin (domain.ts domainDefineXml, as vmDefineXml). */
  define(xml: string): Promise<void>;
  find(vmId: string): DomainRecord;
  /** Re-reads the domain into the inventory (which announces vm-changed). */
  reread(vmId: string): Promise<DomainRecord | null>;
  networks(): Promise<Network[]>;
  /** The host's interfaces; null when libvirt cannot list them. */
  interfaces(): Promise<HostInterface[] | null>;
  pciDevices(): Promise<HostDevice[]>;
}

type Ops = { [M in HardwareMethod]: HardwareOps[M] };
type In<M extends HardwareMethod> = Omit<Params<M>, 'hostId'>;

/** What one read of the host gives get, plan and apply. */
interface HardwareRead {
  vm: DomainRecord;
  xml: string;
  liveXml: string | null;
  host: HardwareHostFacts;
}

const dom = (id: string) => ['--domain', id] as const;

/**
 * The interfaces a macvtap NIC can sit on: not bridges, not loopback, and not the tap and macvtap
 * devices libvirt itself makes for running guests (vnetN, macvtapN), which iface-list also shows.
 */
export function macvtapParents(ifaces: readonly HostInterface[]): string[] {
  return ifaces
    .filter((i) => !i.bridge && i.name !== 'lo' && !/^(vnet|macvtap)\d+$/.test(i.name))
    .map((i) => i.name);
}

/**
 * The virsh line telling running domain `id` one step. An unpinned set (null) is written as every
 * host CPU: libvirt has no "unpin" verb, and all CPUs is what an unpinned thread may use.
 */
export function liveVerbLine(id: string, v: LiveVerb, hostCpus: readonly number[]): string {
  const list = (cpus: CpuSet | null) => ['--cpulist', formatCpuset(cpus ?? hostCpus)] as const;
  switch (v.verb) {
    case 'setvcpus':
      return virshLine('setvcpus', dom(id), ['--count', String(v.count)], '--live');
    case 'setmem':
      return virshLine('setmem', dom(id), ['--size', String(v.kib)], '--live');
    case 'vcpupin':
      return virshLine('vcpupin', dom(id), ['--vcpu', String(v.vcpu)], list(v.cpus), '--live');
    case 'emulatorpin':
      return virshLine('emulatorpin', dom(id), list(v.cpus), '--live');
    case 'iothreadpin':
      return virshLine(
        'iothreadpin',
        dom(id),
        ['--iothread', String(v.iothread)],
        list(v.cpus),
        '--live',
      );
    case 'iothreadadd':
      return virshLine('iothreadadd', dom(id), ['--id', String(v.iothread)], '--live');
    case 'iothreaddel':
      return virshLine('iothreaddel', dom(id), ['--id', String(v.iothread)], '--live');
    case 'numatune':
      return virshLine(
        'numatune',
        dom(id),
        ['--mode', v.mode],
        ['--nodeset', formatCpuset(v.nodeset)],
        '--live',
      );
  }
}

/**
 * A live step failed after the definition was saved: which steps the running VM got, the one
 * that failed in libvirt's words, and which were not tried. The code is libvirt's error's.
 */
export function liveStepFailure(
  vmName: string,
  ran: readonly HardwareStep[],
  failed: HardwareStep,
  notTried: readonly HardwareStep[],
  error: unknown,
): VirtdeskError {
  const words = error instanceof Error ? error.message : String(error);
  const code = error instanceof VirtdeskError ? error.code : 'HOST_ERROR';
  const texts = (steps: readonly HardwareStep[]) =>
    steps.length === 0 ? 'none' : steps.map((s) => s.text).join('; ');
  return new VirtdeskError(
    code,
    `${vmName}'s new definition is saved and applies at its next boot, but the running VM did not take every change. ` +
      `Applied now: ${texts(ran)}. Failed: ${failed.text}: ${words}. Not tried: ${texts(notTried)}.`,
  );
}

export class SshHardware implements Ops {
  constructor(private readonly host: HardwareHost) {}

  private async read(vmId: string): Promise<HardwareRead> {
    const vm = this.host.find(vmId);
    const virsh = this.host.virsh();
    const active = isActive(vm.state);
    const lines = [
      virshLine('dumpxml', dom(vm.id), '--inactive'),
      virshLine('dumpxml', dom(vm.id)),
      virshLine('capabilities'),
      virshLine('freepages', '--all'),
      domcapsLine(vm.config.text),
    ];
    const [replies, networks, ifaces, devices] = await Promise.all([
      virsh.batch(active ? lines : lines.filter((_l, i) => i !== 1)),
      this.host.networks(),
      this.host.interfaces(),
      this.host.pciDevices(),
    ]);
    const [xmlR, liveR, capsR, freeR, dcR] = active
      ? replies
      : [replies[0], undefined, ...replies.slice(1)];
    const xml = stdoutOf(xmlR, 'INTERNAL', 'no reply');
    const capsOut = stdoutOf(capsR, 'HOST_ERROR', 'no capabilities');
    const caps = readCapabilities(parseXml(capsOut, { root: 'capabilities' }));
    const domcaps = dcR?.ok ? readDomainCaps(dcR.stdout) : null;
    const free = parseFreePages(freeR?.ok ? freeR.stdout : '');
    const cpus = pcpusOf(caps);
    return {
      vm,
      xml,
      // Stopped between the scan and now: there is no live definition to show.
      liveXml: liveR?.ok ? liveR.stdout : null,
      host: {
        cpus,
        pins: hostPinsOf(this.host.domains(), vm.id),
        cpuModels: domcaps?.cpuModels ?? [],
        // Without domcapabilities' word, the host's CPU count is what libvirt would accept.
        maxVcpus: domcaps?.maxVcpus ?? cpus.length,
        nodes: numaNodes(caps, free).map((n) => ({ id: n.id, hugepages: n.hugepages })),
        networks: networks.map((n) => n.name).sort(),
        bridges: ifaces ? ownBridges(ifaces, networks) : [],
        interfaces: macvtapParents(ifaces ?? []),
        vfs: freeVfsOf(devices),
      },
    };
  }

  private viewOf(r: HardwareRead): HardwareView {
    return {
      hardware: readHardware(r.xml, r.liveXml),
      host: r.host,
      running: r.liveXml !== null,
    };
  }

  private planOf(r: HardwareRead, change: In<'hardwarePlan'>['change']): HardwarePlan {
    return planHardware({
      name: r.vm.view.name,
      xml: r.xml,
      liveXml: r.liveXml,
      change,
      host: r.host,
    });
  }

  async hardwareGet(p: In<'hardwareGet'>): Promise<Result<'hardwareGet'>> {
    return this.viewOf(await this.read(p.vmId));
  }

  async hardwarePlan(p: In<'hardwarePlan'>): Promise<Result<'hardwarePlan'>> {
    return this.planOf(await this.read(p.vmId), p.change);
  }

  async hardwareApply(p: In<'hardwareApply'>): Promise<Result<'hardwareApply'>> {
    const r = await this.read(p.vmId);
    const plan = this.planOf(r, p.change);
    if (plan.refusal !== null) throw new VirtdeskError('INVALID_INPUT', plan.refusal);
    const live = r.liveXml === null ? [] : plan.steps.filter((s) => s.live !== null);
    const hostCpus = r.host.cpus.map((c) => c.id);
    let after: DomainRecord | null;
    try {
      if (plan.xmlAfter !== plan.xmlBefore) await this.host.define(plan.xmlAfter);
      const virsh = this.host.virsh();
      for (const [i, step] of live.entries()) {
        if (step.live === null) continue;
        try {
          await virsh.call(liveVerbLine(r.vm.id, step.live, hostCpus));
        } catch (e) {
          throw liveStepFailure(r.vm.view.name, live.slice(0, i), step, live.slice(i + 1), e);
        }
      }
    } finally {
      // An own write is re-read at once rather than left to events: not every verb sends one in
      // time (setmem's balloon-change comes only once the guest follows). The inventory then
      // announces vm-changed.
      after = await this.host.reread(r.vm.id).catch(() => null);
    }
    if (!after) throw vmGone(r.vm.view.name, this.host.names().hostName);
    // The re-read holds both definitions as virsh printed them; the host's facts are the ones
    // just read (this change moves none of them but the VM's own use).
    const liveXml = isActive(after.state) ? (after.live?.text ?? null) : null;
    return { view: this.viewOf({ ...r, xml: after.config.text, liveXml }), steps: plan.steps };
  }
}

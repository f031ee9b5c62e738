// The pre-checks that turn what the two hosts said (MigrationVmFacts, MigrationHostFacts) into
// problems, one sentence each with a fix where there is one. Both drivers feed them the same
// facts, so the rules are written once; what needs the hosts themselves (driver kinds, the
// connection, reaching the destination) is the service's.
import { isActive } from '../../../shared/lifecycle';
import type { XmlSource } from '../../../shared/libvirt-xml';
import { parseXml, readDomain } from '../../../shared/libvirt-xml';
import type { MigrationOptions, MigrationProblem } from '../../../shared/migration';
import type { MigrationHostFacts, MigrationVmFacts } from '../migrationOps';

export interface MigrationCheckInput {
  vm: MigrationVmFacts;
  sourceName: string;
  destName: string;
  dest: MigrationHostFacts;
  /** Which of the VM's disk paths the destination has. */
  presentPaths: readonly string[];
  options: MigrationOptions;
}

const GiB = 2 ** 30;
const gib = (bytes: number): string => `${(bytes / GiB).toFixed(bytes < 10 * GiB ? 1 : 0)} GiB`;

/** CPU feature policies under which a guest cannot run without the feature. */
export const REQUIRED_POLICIES = new Set(['require', 'force', undefined]);

/** The parts of a domain definition the pre-checks read (hostdevs, <cpu>, disks). */
export function domainMigrationFacts(xml: string | XmlSource): {
  cpu: MigrationVmFacts['cpu'];
  hostdevs: string[];
  disks: { target: string; path: string; network: boolean }[];
} {
  const d = readDomain(typeof xml === 'string' ? parseXml(xml) : xml);
  const cpu = d.cpu;
  const hostdevs = [
    ...d.hostdevs.map((h) =>
      h.pciAddress
        ? `PCI ${h.pciAddress}`
        : h.usbVendorId
          ? `USB ${h.usbVendorId}:${h.usbProductId ?? ''}`
          : h.mdevUuid
            ? `mediated device ${h.mdevUuid}`
            : `${h.type ?? 'host'} device`,
    ),
    ...d.interfaces
      .filter((n) => n.type === 'hostdev')
      .map((n) => `network VF ${n.sourcePciAddress ?? n.mac ?? ''}`.trim()),
  ];
  const disks = d.disks
    .filter((k) => k.device !== 'cdrom' && k.device !== 'floppy')
    .flatMap((k) => {
      const path = k.sourceFile ?? k.sourceDev ?? k.sourceName;
      if (path === undefined) return [];
      return [{ target: k.targetDev ?? '', path, network: k.type === 'network' }];
    });
  return {
    cpu: {
      mode: cpu?.mode ?? 'custom',
      model: cpu?.model ?? null,
      required: (cpu?.features ?? [])
        .filter((f) => REQUIRED_POLICIES.has(f.policy))
        .map((f) => f.name),
    },
    hostdevs,
    disks,
  };
}

export function migrationProblems(i: MigrationCheckInput): MigrationProblem[] {
  const { vm, dest, options: o, destName, sourceName } = i;
  const out: MigrationProblem[] = [];
  const add = (p: MigrationProblem) => out.push(p);
  const name = vm.name;

  if (o.live && !isActive(vm.state))
    add({
      code: 'state',
      level: 'error',
      message: `${name} is ${vm.state === 'shutoff' ? 'shut off' : vm.state}: a live migration moves a running VM.`,
      fix: 'Choose offline to move only its definition, or start it first.',
    });
  if (!o.live && isActive(vm.state))
    add({
      code: 'state',
      level: 'error',
      message: `${name} is running: an offline migration moves only the definition of a shut-off VM.`,
      fix: 'Choose live, or shut it down first.',
    });

  const sameId = dest.vms.find((v) => v.id === vm.id);
  if (sameId)
    add({
      code: 'uuid-exists',
      level: 'error',
      message: `${destName} already has a VM with ${name}'s UUID (${vm.id}), named ${sameId.name}.`,
      fix: `Undefine that copy on ${destName} first if it is a stale one.`,
    });
  else if (dest.vms.some((v) => v.name === name))
    add({
      code: 'name-exists',
      level: 'error',
      message: `${destName} already has a VM named ${name}.`,
      fix: `Rename one of the two first.`,
    });

  if (o.live && dest.freeMemoryBytes !== null && dest.freeMemoryBytes < vm.memoryBytes)
    add({
      code: 'memory',
      level: 'error',
      message: `${destName} has ${gib(dest.freeMemoryBytes)} of memory free; ${name} needs ${gib(vm.memoryBytes)}.`,
      fix: `Stop a VM on ${destName}, lower ${name}'s memory, or choose another host.`,
    });

  const level = o.live ? 'error' : 'warning';
  if (
    vm.cpu.mode === 'host-passthrough' &&
    vm.hostCpuModel !== null &&
    dest.cpuModel !== null &&
    vm.hostCpuModel !== dest.cpuModel
  )
    // libvirt lets it go; QEMU supports it only between identical hosts, so it is a warning.
    add({
      code: 'cpu',
      level: 'warning',
      message: `${name} runs on the host's own CPU (host-passthrough), and ${destName}'s CPU (${dest.cpuModel}) is not ${sourceName}'s (${vm.hostCpuModel}): the guest may crash on features ${destName} lacks.`,
      fix: `For safe migrations give ${name} a CPU model both hosts have (host-model or a named model) and restart it.`,
    });
  if (dest.cpuIncompatible !== null)
    add({
      code: 'cpu',
      level,
      message: `${destName}'s CPU cannot run ${name}'s CPU model: ${dest.cpuIncompatible}.`,
      fix: `Choose another host, or drop what it lacks from ${name}'s <cpu> and restart it.`,
    });

  if (vm.snapshotCount > 0 && o.live)
    add({
      code: 'state',
      level: 'error',
      message: `${name} has ${vm.snapshotCount} snapshot${vm.snapshotCount === 1 ? '' : 's'}, and libvirt does not live-migrate a VM with snapshots.`,
      fix: `Delete ${name}'s snapshots first (Snapshots tab).`,
    });

  for (const dev of vm.hostdevs)
    add({
      code: 'hostdev',
      level: 'error',
      message: `${name} has a host device passed through (${dev}); a device of one host cannot move to another.`,
      fix: `Detach ${dev} from ${name} first.`,
    });

  const present = new Set(i.presentPaths);
  for (const disk of vm.disks) {
    if (disk.shared) continue;
    const there = present.has(disk.path);
    const what = `Disk ${disk.target} (${disk.path})`;
    if (!o.live) {
      if (!there)
        add({
          code: 'local-disk',
          level: 'warning',
          message: `${what} is not on ${destName}: an offline migration moves only the definition, so ${name} will not start there until it is.`,
        });
      continue;
    }
    if (o.storage !== 'shared') continue;
    if (!there)
      add({
        code: 'local-disk',
        level: 'error',
        message: `${what} is local to ${sourceName} and ${destName} does not have it.`,
        fix: 'Choose storage: copy all (or copy incremental when the destination has a base image).',
      });
    else
      add({
        code: 'unsafe-storage',
        level: o.unsafe ? 'warning' : 'error',
        message: o.unsafe
          ? `${what} is taken to be the same file on both hosts (migrate anyway): if it is not, the guest's disk will be corrupted.`
          : `libvirt cannot prove ${what} is shared storage, though ${destName} has the same path.`,
        ...(o.unsafe
          ? {}
          : {
              fix: 'If both hosts see the same file (NFS, a cluster file system, one machine), choose “migrate anyway (unsafe)”; otherwise choose copy all.',
            }),
      });
  }
  return out;
}

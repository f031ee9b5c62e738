// The host's own rules for a New VM request, checked again here although the service validated
// the request: only the host knows its CPUs, memory, networks and the names already taken.
import { VirtdeskError } from '../../../shared/errors';
import type { NewVmSpec } from '../../../shared/model';
import { checkName } from '../../../shared/names';

export interface NewVmHost {
  name: string;
  cpus: number;
  memoryKiB: number;
  networks: readonly string[];
  hasVmNamed(name: string): boolean;
}

/** Short, quoted form of a caller-supplied string for error messages. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

export function checkNewVm(spec: NewVmSpec, host: NewVmHost): void {
  const nameProblem = checkName(spec.name);
  if (nameProblem) throw new VirtdeskError('INVALID_INPUT', nameProblem, 'name');
  if (host.hasVmNamed(spec.name))
    throw new VirtdeskError(
      'CONFLICT',
      `A VM named ${spec.name} already exists on ${host.name}.`,
      'name',
    );
  const cpus = host.cpus;
  if (!Number.isInteger(spec.vcpus) || spec.vcpus < 1 || spec.vcpus > cpus)
    throw new VirtdeskError(
      'INVALID_INPUT',
      `${host.name} has ${cpus} CPUs; a VM needs between 1 and ${cpus} vCPUs.`,
      'vcpus',
    );
  const hostMiB = Math.floor(host.memoryKiB / 1024);
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 1 || spec.memoryMiB > hostMiB)
    throw new VirtdeskError(
      'INVALID_INPUT',
      `${host.name} has ${hostMiB} MiB of memory; a VM may have at most that much.`,
      'memoryMiB',
    );
  if (!Number.isInteger(spec.diskGiB) || spec.diskGiB < 0)
    throw new VirtdeskError('INVALID_INPUT', 'Disk size must be a whole number of GiB.', 'diskGiB');
  if (!host.networks.includes(spec.network))
    throw new VirtdeskError(
      'INVALID_INPUT',
      `${host.name} has no network ${quote(spec.network)}; it has ${host.networks.join(', ')}.`,
      'network',
    );
}

// Field-by-field checks for the New VM dialog, shared by the renderer (as you type) and main
// (again, authoritatively). Returns one message per bad field.
import type { Host, NewVmSpec, Vm } from '../model';
import { checkName } from '../names';
import { LIMITS } from './limits';

export type NewVmField = keyof NewVmSpec;
export type NewVmErrors = Partial<Record<NewVmField, string>>;

/** The dialog's raw text inputs. */
export interface NewVmForm {
  name: string;
  vcpus: string;
  memoryMiB: string;
  diskGiB: string;
  network: string;
}

function parseInt10(s: string): number | null {
  return /^\s*\d{1,12}\s*$/.test(s) ? Number(s.trim()) : null;
}

export function validateNewVmForm(
  form: NewVmForm,
  host: Pick<Host, 'networks' | 'hardware'>,
  existing: readonly Pick<Vm, 'name'>[],
): { errors: NewVmErrors; spec: NewVmSpec | null } {
  const errors: NewVmErrors = {};
  const nameMsg = checkName(form.name);
  if (nameMsg) errors.name = nameMsg;
  else if (existing.some((v) => v.name === form.name))
    errors.name = `A VM named ${form.name} already exists on this host.`;

  const hostCpus = host.hardware
    ? host.hardware.sockets * host.hardware.coresPerSocket * host.hardware.threadsPerCore
    : LIMITS.vcpusMax;
  const vcpus = parseInt10(form.vcpus);
  if (vcpus === null || vcpus < 1) errors.vcpus = 'vCPUs must be a whole number of at least 1.';
  else if (vcpus > hostCpus)
    errors.vcpus = `This host has ${hostCpus} CPUs; a VM may have at most that many vCPUs.`;

  const mem = parseInt10(form.memoryMiB);
  if (mem === null || mem < LIMITS.memoryMiBMin)
    errors.memoryMiB = `Memory must be at least ${LIMITS.memoryMiBMin} MiB.`;
  else if (host.hardware && mem * 1024 > host.hardware.memoryKiB)
    errors.memoryMiB = `This host has ${Math.floor(host.hardware.memoryKiB / 1024)} MiB of memory.`;
  else if (mem > LIMITS.memoryMiBMax)
    errors.memoryMiB = `Memory must be at most ${LIMITS.memoryMiBMax} MiB.`;

  const disk = parseInt10(form.diskGiB);
  if (disk === null) errors.diskGiB = 'Disk size must be a whole number of GiB (0 for no disk).';
  else if (disk > LIMITS.diskGiBMax)
    errors.diskGiB = `Disk size must be at most ${LIMITS.diskGiBMax} GiB.`;

  if (!host.networks.includes(form.network)) errors.network = 'Choose a network this host has.';

  const ok = Object.keys(errors).length === 0;
  return {
    errors,
    spec: ok
      ? { name: form.name, vcpus: vcpus!, memoryMiB: mem!, diskGiB: disk!, network: form.network }
      : null,
  };
}

// What `virsh define` of an edited document must get past before it replaces a VM's persistent
// definition. Only what the simulated host relies on is checked; everything else in the document
// is kept as written, including what virtdesk does not understand.
import { VirtdeskError } from '../../../shared/errors';
import type { XmlDocument } from '../../../shared/libvirt-xml';
import { checkName } from '../../../shared/names';
import type { DomainDoc } from './domainDoc';
import { normalizeUuid, parseDomainDoc } from './domainDoc';

export interface DefineTarget {
  id: string;
  name: string;
  /** CPUs of the host; a VM may not have more vcpus. */
  hostCpus: number;
}

function invalid(message: string): VirtdeskError {
  return new VirtdeskError('INVALID_INPUT', message);
}

/**
 * Parses and checks an edited definition of an existing VM. Throws XmlError for text that is not
 * a well-formed <domain> document (its message carries the line), and VirtdeskError for one that
 * would turn the VM into a different one or that libvirt would refuse.
 */
export function checkDefinition(
  xml: string,
  target: DefineTarget,
): { tree: XmlDocument; doc: DomainDoc } {
  const parsed = parseDomainDoc(xml);
  const f = parsed.doc.facts;
  if (f.uuid === undefined || normalizeUuid(f.uuid) !== normalizeUuid(target.id)) {
    throw invalid(
      `The uuid must stay ${target.id}: defining a new uuid would create a different VM.`,
    );
  }
  if (f.name === '') throw invalid(`The <name> is missing; it must stay ${target.name}.`);
  if (f.name !== target.name) {
    const problem = checkName(f.name, 'The new name');
    if (problem !== null) throw invalid(problem);
    throw new VirtdeskError(
      'CONFLICT',
      `Renaming is not supported in the XML editor: the name must stay ${target.name}.`,
    );
  }
  if (f.memoryKiB === undefined || f.memoryKiB <= 0) {
    throw invalid(
      "<memory> must be a positive size with a unit libvirt knows, e.g. <memory unit='MiB'>2048</memory>.",
    );
  }
  const cpus = target.hostCpus;
  if (f.vcpus === undefined || f.vcpus < 1 || f.vcpus > cpus) {
    throw invalid(`<vcpu> must be a whole number from 1 to ${cpus}: this host has ${cpus} CPUs.`);
  }
  if (f.currentVcpus !== undefined && (f.currentVcpus < 1 || f.currentVcpus > f.vcpus)) {
    throw invalid(`<vcpu current='…'> must be from 1 to the vcpu count (${f.vcpus}).`);
  }
  return parsed;
}

// What `virsh domcapabilities` says about one kind of guest (virt type, arch, machine): the most
// vCPUs one VM may have and the CPU models custom mode can use on this host. Read only by the
// Hardware tab's host facts; the simulated hosts have their own lists.
import {
  childElements,
  findElement,
  getAttr,
  getText,
  parseCUint,
  parseXml,
} from '../../../shared/libvirt-xml';
import { virshLine, type VirshArg } from './quote';

export interface DomainCapsFacts {
  /** <vcpu max>; null when libvirt does not say. */
  maxVcpus: number | null;
  /** <mode name='custom'> models with usable='yes', sorted, each once. */
  cpuModels: string[];
}

export function readDomainCaps(xml: string): DomainCapsFacts {
  const root = parseXml(xml, { root: 'domainCapabilities' }).root;
  const vcpu = findElement(root, 'vcpu');
  const custom = childElements(findElement(root, 'cpu') ?? root, 'mode').find(
    (m) => getAttr(m, 'name') === 'custom' && getAttr(m, 'supported') !== 'no',
  );
  const models = custom
    ? childElements(custom, 'model')
        .filter((m) => getAttr(m, 'usable') === 'yes')
        .map((m) => getText(m).trim())
        .filter((m) => m !== '')
    : [];
  return {
    maxVcpus: vcpu ? (parseCUint(getAttr(vcpu, 'max')) ?? null) : null,
    cpuModels: [...new Set(models)].sort(),
  };
}

/**
 * `domcapabilities` for the guest a domain document describes (its <domain type>, <os><type arch
 * machine>), read from the text cheaply: a domain's kind of guest changes only with its definition.
 */
export function domcapsLine(domainXml: string): string {
  const virttype = /<domain\b[^>]*\btype=['"]([a-z]+)['"]/.exec(domainXml)?.[1];
  const osType = /<type\b([^>]*)>\s*hvm\s*<\/type>/.exec(domainXml)?.[1] ?? '';
  const arch = /\barch=['"]([A-Za-z0-9_]+)['"]/.exec(osType)?.[1];
  const machine = /\bmachine=['"]([A-Za-z0-9_.-]+)['"]/.exec(osType)?.[1];
  const args: VirshArg[] = [];
  if (virttype) args.push(['--virttype', virttype]);
  if (arch) args.push(['--arch', arch]);
  if (machine) args.push(['--machine', machine]);
  return virshLine('domcapabilities', ...args);
}

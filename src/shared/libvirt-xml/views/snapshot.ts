import { findElements, firstChild, type XmlSource } from '../tree';
import { parseDecimal } from '../values';
import { attr, expectElement, nameText, rawText, text } from './common';

// A domain snapshot (`virsh snapshot-dumpxml`). The tree of snapshots is built from `parent`; the
// full <domain> a snapshot carries is left in the document for readDomain when it is needed.

export interface SnapshotDiskView {
  name?: string;
  /** 'no', 'internal', 'external', 'manual'. */
  snapshot?: string;
  type?: string;
  sourceFile?: string;
  sourceDev?: string;
  format?: string;
}

export interface SnapshotView {
  name?: string;
  description?: string;
  /** The domain state when taken: 'running', 'shutoff', 'disk-snapshot'… */
  state?: string;
  /** Seconds since the epoch. */
  creationTime?: number;
  parent?: string;
  /** How guest memory was saved: 'no', 'internal', 'external'. */
  memorySnapshot?: string;
  memoryFile?: string;
  disks: SnapshotDiskView[];
  domainName?: string;
  domainUuid?: string;
  /** Whether this is the domain's current snapshot: libvirt's internal metadata <active>. */
  current?: boolean;
}

export function readSnapshot(src: XmlSource): SnapshotView {
  const root = expectElement(src, 'domainsnapshot');
  const memory = firstChild(root, 'memory');
  const domain = firstChild(root, 'domain');
  const active = text(root, 'active');
  return {
    name: nameText(root, 'name'),
    description: rawText(root, 'description'),
    state: text(root, 'state'),
    creationTime: parseDecimal(text(root, 'creationTime')),
    parent: nameText(root, 'parent/name'),
    memorySnapshot: attr(memory, 'snapshot'),
    memoryFile: attr(memory, 'file'),
    disks: findElements(root, 'disks/disk').map((d) => {
      const source = firstChild(d, 'source');
      return {
        name: attr(d, 'name'),
        snapshot: attr(d, 'snapshot'),
        type: attr(d, 'type'),
        sourceFile: attr(source, 'file'),
        sourceDev: attr(source, 'dev'),
        format: attr(firstChild(d, 'driver'), 'type'),
      };
    }),
    domainName: text(domain, 'name'),
    domainUuid: text(domain, 'uuid'),
    current: active === undefined ? undefined : active === '1',
  };
}

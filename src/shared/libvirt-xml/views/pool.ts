import { childElements, firstChild, type XmlSource } from '../tree';
import { toBytes } from '../units';
import { attr, expectElement, nameText, text } from './common';
import { readHost, type NetworkHost } from './domain-devices';
import type { XmlElement } from '../tree';

// A storage pool (`virsh pool-dumpxml`). Sizes are bytes: libvirt writes them with a unit
// attribute or none, and none means bytes for storage (not KiB as for domain memory).

export interface PoolView {
  /** 'dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'rbd', 'zfs'… */
  type?: string;
  name?: string;
  uuid?: string;
  capacityBytes?: number;
  allocationBytes?: number;
  availableBytes?: number;
  targetPath?: string;
  sourceHosts: NetworkHost[];
  sourceDir?: string;
  sourceDevices: string[];
  /** Volume group, RBD pool, gluster volume or zpool name. */
  sourceName?: string;
  sourceFormat?: string;
  sourceAdapter?: string;
}

export function sizeBytes(parent: XmlElement | undefined, name: string): number | undefined {
  const el = parent && firstChild(parent, name);
  return el === undefined ? undefined : toBytes(text(el) ?? '', attr(el, 'unit'), 'bytes');
}

export function readPool(src: XmlSource): PoolView {
  const root = expectElement(src, 'pool');
  const source = firstChild(root, 'source');
  const adapter = source && firstChild(source, 'adapter');
  return {
    type: attr(root, 'type'),
    name: nameText(root, 'name'),
    uuid: text(root, 'uuid'),
    capacityBytes: sizeBytes(root, 'capacity'),
    allocationBytes: sizeBytes(root, 'allocation'),
    availableBytes: sizeBytes(root, 'available'),
    targetPath: text(root, 'target/path'),
    sourceHosts: source === undefined ? [] : childElements(source, 'host').map(readHost),
    sourceDir: attr(source && firstChild(source, 'dir'), 'path'),
    sourceDevices:
      source === undefined
        ? []
        : childElements(source, 'device').flatMap((d) => attr(d, 'path') ?? []),
    sourceName: text(source, 'name'),
    sourceFormat: attr(source && firstChild(source, 'format'), 'type'),
    sourceAdapter: attr(adapter, 'name') ?? attr(adapter, 'parent'),
  };
}

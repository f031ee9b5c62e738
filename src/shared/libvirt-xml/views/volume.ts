import { firstChild, type XmlSource } from '../tree';
import { attr, expectElement, nameText, text } from './common';
import { sizeBytes } from './pool';

// A storage volume (`virsh vol-dumpxml`): a disk image, LV, partition or RBD image.

export interface VolumeView {
  /** 'file', 'block', 'dir', 'network', 'netdir', 'ploop'. */
  type?: string;
  name?: string;
  key?: string;
  capacityBytes?: number;
  allocationBytes?: number;
  physicalBytes?: number;
  targetPath?: string;
  /** Image format: 'raw', 'qcow2', 'iso'… */
  format?: string;
  backingPath?: string;
  backingFormat?: string;
  encrypted: boolean;
}

export function readVolume(src: XmlSource): VolumeView {
  const root = expectElement(src, 'volume');
  const target = firstChild(root, 'target');
  const backing = firstChild(root, 'backingStore');
  return {
    type: attr(root, 'type'),
    name: nameText(root, 'name'),
    key: text(root, 'key'),
    capacityBytes: sizeBytes(root, 'capacity'),
    allocationBytes: sizeBytes(root, 'allocation'),
    physicalBytes: sizeBytes(root, 'physical'),
    targetPath: nameText(target, 'path'),
    format: attr(target && firstChild(target, 'format'), 'type'),
    backingPath: text(backing, 'path'),
    backingFormat: attr(backing && firstChild(backing, 'format'), 'type'),
    encrypted: target !== undefined && firstChild(target, 'encryption') !== undefined,
  };
}

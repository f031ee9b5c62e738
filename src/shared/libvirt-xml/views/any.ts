import { elementOf, nodeName, type XmlSource } from '../tree';
import { readCapabilities, type CapabilitiesView } from './capabilities';
import { readDomain, type DomainView } from './domain';
import { readNetwork, type NetworkView } from './network';
import { readNodedev, type NodedevView } from './nodedev';
import { readPool, type PoolView } from './pool';
import { readSnapshot, type SnapshotView } from './snapshot';
import { readVolume, type VolumeView } from './volume';

// One entry point for code that holds XML of unknown kind (the raw XML editor, a test corpus):
// the typed view chosen by the root element, or 'other' for roots virtdesk has no view of
// (domainCapabilities, networkport, the test driver's <node>…).

export type LibvirtView =
  | { kind: 'domain'; view: DomainView }
  | { kind: 'domainsnapshot'; view: SnapshotView }
  | { kind: 'pool'; view: PoolView }
  | { kind: 'volume'; view: VolumeView }
  | { kind: 'network'; view: NetworkView }
  | { kind: 'device'; view: NodedevView }
  | { kind: 'capabilities'; view: CapabilitiesView }
  | { kind: 'other'; root: string };

/** Root elements that have a typed view. */
export const VIEW_ROOTS = [
  'domain',
  'domainsnapshot',
  'pool',
  'volume',
  'network',
  'device',
  'capabilities',
] as const;

export function readAnyView(src: XmlSource): LibvirtView {
  const root = nodeName(elementOf(src));
  switch (root) {
    case 'domain':
      return { kind: root, view: readDomain(src) };
    case 'domainsnapshot':
      return { kind: root, view: readSnapshot(src) };
    case 'pool':
      return { kind: root, view: readPool(src) };
    case 'volume':
      return { kind: root, view: readVolume(src) };
    case 'network':
      return { kind: root, view: readNetwork(src) };
    case 'device':
      return { kind: root, view: readNodedev(src) };
    case 'capabilities':
      return { kind: root, view: readCapabilities(src) };
    default:
      return { kind: 'other', root };
  }
}

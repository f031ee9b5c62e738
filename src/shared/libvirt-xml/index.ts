// libvirt XML at the core: parse untrusted XML into a lossless tree, read it through typed views,
// edit it in place, and write it back with everything the views do not model left untouched.

export { MAX_CPUSET_IDS, MAX_XML_BYTES, MAX_XML_DEPTH } from './limits';
export { XmlError, isXmlError, type XmlErrorReason } from './errors';
export { parseXml, PARSER_OPTIONS, type ParseOptions } from './parse';
export { serializeXml, type SerializeOptions } from './serialize';
export { canonicalLines, sameXml } from './canonical';
export { decodeXml, escapeXmlAttr, escapeXmlText } from './entities';
export {
  ATTRS,
  CDATA,
  COMMENT,
  TEXT,
  XmlDocument,
  attrNames,
  childElements,
  childNodes,
  childText,
  createElement,
  elementOf,
  findElement,
  findElements,
  firstChild,
  getAttr,
  getText,
  isElement,
  nodeName,
  setAttr,
  setText,
  type QuoteChar,
  type XmlAttributes,
  type XmlElement,
  type XmlNode,
  type XmlSource,
} from './tree';
export {
  appendChild,
  ensureElement,
  insertAfter,
  insertFirst,
  removeChildren,
  removeNode,
  setChildText,
  type PlaceOptions,
} from './edit';
export { toBytes, toKiB, unitBytes } from './units';
export { formatPciAddress, parseCUint, parseCpuset, pciAddressOf, yesNo } from './values';
export {
  DEFAULT_MACHINE,
  OSINFO_NS,
  newDomain,
  newDomainXml,
  type NewDomainSpec,
  type NewPinningSpec,
} from './create';
export {
  DEFAULT_EMULATOR,
  pciAddress,
  rootPort,
  type NewDiskSpec,
  type NewNicSpec,
  type NewNicType,
} from './create-devices';
export {
  newDomainSnapshot,
  setSnapshotParent,
  snapshotDomains,
  type DomainSnapshotSpec,
  type SnapshotLocation,
} from './create-snapshot';
export {
  elementXml,
  hostdevInterfaceElement,
  hostdevPciElement,
  vfNetworkElement,
} from './create-hostdev';
export * from './views/domain';
export * from './views/domain-devices';
export * from './views/domain-edit';
export * from './views/nodedev';
export * from './views/capabilities';
export * from './views/pool';
export * from './views/volume';
export * from './views/snapshot';
export * from './views/network';
export * from './views/any';
export { DEFAULT_HUGEPAGE_KiB, readHardware } from './views/domain-hardware';
export { applyHardwareChange, formatCpuset } from './views/domain-hardware-edit';

import { documentOf, el, indentTree } from './build';
import { appendChild, ensureElement, insertAfter, removeChildren } from './edit';
import {
  COMMENT,
  TEXT,
  XmlDocument,
  childNodes,
  firstChild,
  isElement,
  nodeName,
  setText,
  type XmlElement,
} from './tree';

// Building a <domainsnapshot> as libvirt writes one (snapshot-dumpxml): name, description, state,
// parent, creationTime, memory, disks, then the domain definition it was taken of (<domain>, the
// live one for an active VM) and, when the persistent definition differed, <inactiveDomain>.
// The embedded definitions are deep copies, re-indented one level in; reading them back gives
// documents of their own, indented from the left margin again.

export type SnapshotLocation = 'no' | 'internal' | 'external' | 'manual';

export interface DomainSnapshotSpec {
  name: string;
  description?: string;
  /** The domain state libvirt records: 'running', 'paused', 'shutoff', 'disk-snapshot'… */
  state: string;
  parent?: string | null;
  /** Seconds since the epoch. */
  creationTime: number;
  memory: SnapshotLocation;
  disks: { name: string; snapshot: SnapshotLocation }[];
  /** The definition the snapshot was taken of (the live one while active). */
  domain?: XmlElement;
  /** The persistent definition, when it differs from `domain`. */
  inactiveDomain?: XmlElement;
}

function isBlank(node: XmlElement): boolean {
  const t = node[TEXT];
  return typeof t === 'string' && /^\s*$/.test(t);
}

/** Drops the indentation between child elements, deeply, so indentTree can lay it out afresh. */
function stripIndentation(e: XmlElement): void {
  const kids = childNodes(e);
  const hasMarkup = kids.some((k) => isElement(k) || COMMENT in k);
  if (hasMarkup) {
    const kept = kids.filter((k) => !(nodeName(k) === TEXT && isBlank(k)));
    kids.splice(0, kids.length, ...kept);
  }
  for (const k of kids) if (isElement(k)) stripIndentation(k);
}

/** A deep copy of `e` renamed to `as`, indented for `depth` levels of nesting. */
function embedded(e: XmlElement, as: string, depth: number): XmlElement {
  const copy = structuredClone(e);
  if (nodeName(copy) !== as) {
    const kids = copy[nodeName(copy)];
    delete copy[nodeName(copy)];
    copy[as] = kids;
  }
  stripIndentation(copy);
  indentTree(copy, depth);
  return copy;
}

export function newDomainSnapshot(spec: DomainSnapshotSpec): XmlDocument {
  const root = el(
    'domainsnapshot',
    {},
    el('name', {}, spec.name),
    spec.description ? el('description', {}, spec.description) : undefined,
    el('state', {}, spec.state),
    spec.parent ? el('parent', {}, el('name', {}, spec.parent)) : undefined,
    el('creationTime', {}, String(Math.floor(spec.creationTime))),
    el('memory', { snapshot: spec.memory }),
    spec.disks.length > 0
      ? el(
          'disks',
          {},
          ...spec.disks.map((d) => el('disk', { name: d.name, snapshot: d.snapshot })),
        )
      : undefined,
  );
  const doc = documentOf(root);
  if (spec.domain) appendChild(root, embedded(spec.domain, 'domain', 1));
  if (spec.inactiveDomain) appendChild(root, embedded(spec.inactiveDomain, 'inactiveDomain', 1));
  return doc;
}

/** Points a snapshot at a new parent (or makes it a root), in place. */
export function setSnapshotParent(doc: XmlDocument, parent: string | null): void {
  const root = doc.root;
  if (parent === null) {
    removeChildren(root, 'parent');
    return;
  }
  const existing = firstChild(root, 'parent');
  if (existing) {
    setText(ensureElement(existing, 'name'), parent);
    return;
  }
  const after =
    firstChild(root, 'state') ?? firstChild(root, 'description') ?? firstChild(root, 'name');
  const node = el('parent', {}, el('name', {}, parent));
  indentTree(node, 1);
  if (after) insertAfter(root, after, node);
  else appendChild(root, node);
}

/**
 * The definitions a snapshot carries, each as a document of its own: `domain` (what was running,
 * or the only one) and `inactive` (the persistent definition when it differed).
 */
export function snapshotDomains(doc: XmlDocument): {
  domain?: XmlDocument;
  inactive?: XmlDocument;
} {
  const own = (name: string): XmlDocument | undefined => {
    const found = firstChild(doc.root, name);
    if (!found) return undefined;
    const copy = embedded(found, 'domain', 0);
    return new XmlDocument([copy], copy, doc.quote);
  };
  return { domain: own('domain'), inactive: own('inactiveDomain') };
}

import {
  TEXT,
  childNodes,
  createElement,
  firstChild,
  isElement,
  nodeName,
  setText,
  type XmlElement,
  type XmlNode,
} from './tree';

// Structural edits. New elements are indented like their siblings so a document edited here still
// reads like one libvirt wrote, and removals take their leading indentation with them so no blank
// lines pile up; everything else in the parent is left exactly where it was.

function isBlankText(node: XmlNode | undefined): boolean {
  if (node === undefined || nodeName(node) !== TEXT) return false;
  const t = node[TEXT];
  return typeof t === 'string' && /^\s*$/.test(t);
}

/** The whitespace a parent writes before each child, e.g. '\n    ', when it is indented. */
function childIndent(kids: XmlNode[]): string | undefined {
  for (let i = 0; i + 1 < kids.length; i++) {
    const ws = kids[i];
    const next = kids[i + 1];
    if (ws !== undefined && next !== undefined && isBlankText(ws) && !isBlankText(next)) {
      const t = ws[TEXT];
      if (typeof t === 'string' && t.includes('\n')) return t;
    }
  }
  return undefined;
}

/** Appends `child` after the parent's last child, indented like its siblings. */
export function appendChild(parent: XmlElement, child: XmlElement): XmlElement {
  const kids = childNodes(parent);
  const indent = childIndent(kids);
  if (indent !== undefined && isBlankText(kids[kids.length - 1])) {
    kids.splice(kids.length - 1, 0, { [TEXT]: indent }, child);
  } else {
    kids.push(child);
  }
  return child;
}

/** Inserts `child` right after `ref`, one of the parent's children. */
export function insertAfter(parent: XmlElement, ref: XmlNode, child: XmlElement): XmlElement {
  const kids = childNodes(parent);
  const at = kids.indexOf(ref);
  if (at === -1) return appendChild(parent, child);
  const indent = childIndent(kids);
  kids.splice(at + 1, 0, ...(indent === undefined ? [child] : [{ [TEXT]: indent }, child]));
  return child;
}

/** Inserts `child` before the parent's first child element (or appends when it has none). */
export function insertFirst(parent: XmlElement, child: XmlElement): XmlElement {
  const kids = childNodes(parent);
  const at = kids.findIndex(isElement);
  if (at === -1) return appendChild(parent, child);
  const indent = childIndent(kids);
  kids.splice(at, 0, ...(indent === undefined ? [child] : [child, { [TEXT]: indent }]));
  return child;
}

export interface PlaceOptions {
  /**
   * Where a missing first step is created: after the last existing child named in this list, or
   * first among the children when none exists. Without it, missing elements are appended.
   */
  after?: readonly string[];
}

function place(parent: XmlElement, child: XmlElement, after: readonly string[] | undefined) {
  if (after === undefined) return appendChild(parent, child);
  const kids = childNodes(parent);
  for (let i = kids.length - 1; i >= 0; i--) {
    const k = kids[i];
    if (k !== undefined && after.includes(nodeName(k))) return insertAfter(parent, k, child);
  }
  return insertFirst(parent, child);
}

/** The element at a '/'-separated path, creating each missing step (in place, see PlaceOptions). */
export function ensureElement(parent: XmlElement, path: string, opts: PlaceOptions = {}) {
  let cur = parent;
  path.split('/').forEach((step, i) => {
    cur =
      firstChild(cur, step) ?? place(cur, createElement(step), i === 0 ? opts.after : undefined);
  });
  return cur;
}

/** ensureElement + setText: the usual way a typed setter writes a simple value. */
export function setChildText(
  parent: XmlElement,
  path: string,
  text: string,
  opts: PlaceOptions = {},
): XmlElement {
  const el = ensureElement(parent, path, opts);
  setText(el, text);
  return el;
}

/** Removes one child (and the indentation in front of it); false when it was not a child. */
export function removeNode(parent: XmlElement, child: XmlNode): boolean {
  const kids = childNodes(parent);
  const at = kids.indexOf(child);
  if (at === -1) return false;
  if (at > 0 && isBlankText(kids[at - 1])) kids.splice(at - 1, 2);
  else kids.splice(at, 1);
  return true;
}

/** Removes every child element with this name; returns how many went. */
export function removeChildren(parent: XmlElement, name: string): number {
  const doomed = childNodes(parent).filter((n) => nodeName(n) === name);
  for (const n of doomed) removeNode(parent, n);
  return doomed.length;
}

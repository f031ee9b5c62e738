import { escapeXmlAttr, escapeXmlText } from './entities';
import { ATTRS, COMMENT, TEXT, XmlDocument, childNodes, isElement } from './tree';
import type { XmlElement, XmlNode } from './tree';

// Building new documents directly as trees: the same shapes parseXml produces, so a built
// document serializes, compares (sameXml) and reads through the views exactly like a parsed one,
// without the cost of writing text only to parse it back.

/** A child for el(): a node, a string (becomes escaped text), or a skipped false/undefined. */
export type BuildChild = XmlNode | string | false | undefined;

/** An element with attributes and children. */
export function el(
  name: string,
  attrs: Record<string, string> = {},
  ...kids: BuildChild[]
): XmlElement {
  const nodes: XmlNode[] = [];
  const e: XmlElement = { [name]: nodes };
  const keys = Object.keys(attrs);
  if (keys.length > 0) {
    const raw: Record<string, string> = {};
    for (const key of keys) raw[key] = escapeXmlAttr(attrs[key] ?? '');
    e[ATTRS] = raw;
  }
  for (const k of kids) {
    if (typeof k === 'string') nodes.push({ [TEXT]: escapeXmlText(k) });
    else if (k) nodes.push(k);
  }
  return e;
}

/** A comment node; XML forbids '--' inside one and a trailing '-'. */
export function comment(text: string): XmlNode {
  return { [COMMENT]: [{ [TEXT]: text }] };
}

/**
 * Indents every element that holds markup the way libvirt does (two spaces per level), in place.
 * Leaves with only text stay on one line.
 */
export function indentTree(e: XmlElement, depth = 0, unit = '  '): void {
  const kids = childNodes(e);
  if (!kids.some((k) => isElement(k) || COMMENT in k)) return;
  const pad = '\n' + unit.repeat(depth + 1);
  const out: XmlNode[] = [];
  for (const k of kids) {
    out.push({ [TEXT]: pad }, k);
    if (isElement(k)) indentTree(k, depth + 1, unit);
  }
  out.push({ [TEXT]: '\n' + unit.repeat(depth) });
  kids.splice(0, kids.length, ...out);
}

/** An indented single-root document written with libvirt's single quotes. */
export function documentOf(root: XmlElement): XmlDocument {
  indentTree(root);
  return new XmlDocument([root], root, "'");
}

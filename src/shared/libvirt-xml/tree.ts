import { decodeXml, escapeXmlAttr, escapeXmlText } from './entities';

// A thin API over fast-xml-parser's preserveOrder output, which is the document itself: every
// node the typed views do not understand stays in these arrays untouched, in its place, so editing
// through this API is lossless by construction. Shapes (with our parser options):
//   element  { [tagName]: XmlNode[], ':@'?: { [attrName]: rawValue } }
//   text     { '#text': rawText }
//   comment  { '#comment': [{ '#text': rawText }] }      cdata { '#cdata': [{ '#text': rawText }] }
//   PI       { '?target': [{ '#text': '' }], ':@'?: { … } } (the XML declaration is '?xml')
// Raw means as written: entity references are still escaped (see entities.ts).

export type XmlAttributes = Record<string, string>;

export interface XmlNode {
  [key: string]: XmlNode[] | XmlAttributes | string | undefined;
}

/** An XmlNode known to be an element; the alias documents intent, the shape is the same. */
export type XmlElement = XmlNode;

export const TEXT = '#text';
export const COMMENT = '#comment';
export const CDATA = '#cdata';
export const ATTRS = ':@';

export type QuoteChar = "'" | '"';

/** A parsed document: the top-level node list (declaration, comments, root) and its root element. */
export class XmlDocument {
  constructor(
    readonly nodes: XmlNode[],
    readonly root: XmlElement,
    /** The quote the source mostly used around attribute values; the serializer writes it. */
    readonly quote: QuoteChar = "'",
  ) {}

  get rootName(): string {
    return nodeName(this.root);
  }
}

export type XmlSource = XmlDocument | XmlElement;

export function elementOf(src: XmlSource): XmlElement {
  return src instanceof XmlDocument ? src.root : src;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Tag name of an element, '#text' / '#comment' / '#cdata', or '?target' for a PI. */
export function nodeName(node: XmlNode): string {
  for (const key in node) if (key !== ATTRS && hasOwn(node, key)) return key;
  return '';
}

export function isElement(node: XmlNode): boolean {
  const c = nodeName(node).charAt(0);
  return c !== '' && c !== '#' && c !== '?';
}

/** The live child array of an element (edits to it are edits to the document). */
export function childNodes(el: XmlElement): XmlNode[] {
  const kids = el[nodeName(el)];
  if (Array.isArray(kids)) return kids;
  const created: XmlNode[] = [];
  el[nodeName(el)] = created;
  return created;
}

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of childNodes(el)) {
    const n = nodeName(node);
    if (name === undefined ? isElement(node) : n === name) out.push(node);
  }
  return out;
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  for (const node of childNodes(el)) if (nodeName(node) === name) return node;
  return undefined;
}

/** First element along a '/'-separated path of child names, e.g. 'cputune/vcpupin'. */
export function findElement(el: XmlElement, path: string): XmlElement | undefined {
  let cur: XmlElement | undefined = el;
  for (const step of path.split('/')) {
    if (cur === undefined) return undefined;
    cur = firstChild(cur, step);
  }
  return cur;
}

/** Every element matching a path: all branches of repeated intermediate elements are followed. */
export function findElements(el: XmlElement, path: string): XmlElement[] {
  let level: XmlElement[] = [el];
  for (const step of path.split('/')) level = level.flatMap((e) => childElements(e, step));
  return level;
}

function attrsOf(el: XmlElement): XmlAttributes | undefined {
  const a = el[ATTRS];
  return a !== undefined && typeof a === 'object' && !Array.isArray(a) ? a : undefined;
}

/** Attribute value as plain text, or undefined when absent. */
export function getAttr(el: XmlElement, name: string): string | undefined {
  const a = attrsOf(el);
  if (a === undefined || !hasOwn(a, name)) return undefined;
  const v = a[name];
  return typeof v === 'string' ? decodeXml(v) : undefined;
}

export function attrNames(el: XmlElement): string[] {
  const a = attrsOf(el);
  return a === undefined ? [] : Object.keys(a);
}

/** Sets (escaping it) or, with undefined, removes an attribute; other attributes keep their order. */
export function setAttr(el: XmlElement, name: string, value: string | undefined): void {
  let a = attrsOf(el);
  if (value === undefined) {
    if (a !== undefined && hasOwn(a, name)) delete a[name];
    if (a !== undefined && Object.keys(a).length === 0) delete el[ATTRS];
    return;
  }
  if (a === undefined) {
    a = {};
    el[ATTRS] = a;
  }
  a[name] = escapeXmlAttr(value);
}

function rawText(node: XmlNode): string | undefined {
  const t = node[TEXT];
  return typeof t === 'string' ? t : undefined;
}

/** Plain text directly inside an element (text and CDATA children, in order). */
export function getText(el: XmlElement): string {
  let out = '';
  for (const node of childNodes(el)) {
    const t = rawText(node);
    if (t !== undefined) out += decodeXml(t);
    else if (nodeName(node) === CDATA) {
      const inner = node[CDATA];
      const first = Array.isArray(inner) ? inner[0] : undefined;
      out += (first && rawText(first)) ?? '';
    }
  }
  return out;
}

/** Text of the first element at `path`, or undefined when there is no such element. */
export function childText(el: XmlElement, path: string): string | undefined {
  const found = findElement(el, path);
  return found === undefined ? undefined : getText(found);
}

/**
 * Replaces an element's text and CDATA children with `text`; comments and child elements stay.
 * Meant for leaf elements: on a parent it would also drop the indentation between children.
 */
export function setText(el: XmlElement, text: string): void {
  const kids = childNodes(el);
  const isText = (n: XmlNode): boolean => nodeName(n) === TEXT || nodeName(n) === CDATA;
  const at = kids.findIndex(isText);
  const kept = kids.filter((n) => !isText(n));
  // The new text takes the place of the first old one, so it stays where comments expect it.
  const before = at === -1 ? kept.length : kids.slice(0, at).filter((n) => !isText(n)).length;
  if (text !== '') kept.splice(before, 0, { [TEXT]: escapeXmlText(text) });
  kids.splice(0, kids.length, ...kept);
}

export function createElement(name: string, attrs: Record<string, string> = {}, text?: string) {
  const el: XmlElement = { [name]: [] };
  for (const [k, v] of Object.entries(attrs)) setAttr(el, k, v);
  if (text !== undefined && text !== '') setText(el, text);
  return el;
}

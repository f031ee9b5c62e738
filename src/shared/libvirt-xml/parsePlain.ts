import { ATTRS, TEXT, type XmlAttributes, type XmlNode } from './tree';

// A one-pass reader for plain XML, the kind libvirt prints (elements, attributes, text), that
// builds exactly the tree fast-xml-parser builds with PARSER_OPTIONS. It exists for speed: a
// connect parses every domain's XML, and fast-xml-parser plus its validator (a second full pass)
// cost ≈ 0.3 ms per small document, most of a connect's own CPU. Everything it accepts is
// well-formed by construction, so the validator has nothing to add. Anything outside that plain
// subset makes it answer null and parse.ts takes the general path, which also words the errors:
// comments, CDATA, PIs and the XML declaration, a CR anywhere (the parser normalizes line ends),
// '>' in text, '<' in an attribute value, a name outside plain ASCII or with more than one colon,
// `__proto__`, a repeated attribute, a second root, text outside the root, deep nesting, and
// every kind of malformed markup.

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const APOS = 0x27;
const QUOT = 0x22;

const isSpace = (c: number) => c === SPACE || c === LF || c === TAB;

const isNameStart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;

const isNameChar = (c: number) =>
  isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x3a;

/** Where the name starting at `at` ends (`at` itself when there is none). */
function nameEnd(text: string, at: number): number {
  if (!isNameStart(text.charCodeAt(at))) return at;
  let i = at + 1;
  while (isNameChar(text.charCodeAt(i))) i++;
  return i;
}

const PREFIXED = /^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$/;

function plainName(name: string): boolean {
  if (name === '__proto__') return false;
  return !name.includes(':') || PREFIXED.test(name);
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The top-level node list fast-xml-parser would give for `text`, or null (see above). */
export function parsePlain(text: string, maxDepth: number): XmlNode[] | null {
  if (text.includes('\r')) return null;
  const top: XmlNode[] = [];
  const open: { name: string; kids: XmlNode[] }[] = [];
  let kids = top;
  let roots = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? n : lt;
    if (end > i) {
      if (open.length === 0) {
        // The parser drops blanks between top-level nodes; anything else there is refused.
        if (!onlySpace(text, i, end)) return null;
      } else {
        const raw = text.slice(i, end);
        if (raw.includes('>')) return null;
        kids.push({ [TEXT]: raw });
      }
    }
    if (lt === -1) break;
    i = lt + 1;
    if (text.charCodeAt(i) === SLASH) {
      const from = i + 1;
      const to = nameEnd(text, from);
      const shut = open.pop();
      if (to === from || shut === undefined || shut.name !== text.slice(from, to)) return null;
      i = skipSpace(text, to);
      if (text.charCodeAt(i) !== GT) return null;
      i++;
      kids = open.length > 0 ? open[open.length - 1]!.kids : top;
      continue;
    }
    const to = nameEnd(text, i);
    if (to === i) return null; // '<!', '<?' or not markup at all
    const name = text.slice(i, to);
    if (!plainName(name)) return null;
    i = to;
    let attrs: XmlAttributes | undefined;
    for (;;) {
      const at = skipSpace(text, i);
      const c = text.charCodeAt(at);
      if (c === GT || c === SLASH) {
        i = at;
        break;
      }
      const attrEnd = nameEnd(text, at);
      if (at === i || attrEnd === at) return null;
      const attr = text.slice(at, attrEnd);
      if (!plainName(attr)) return null;
      let k = skipSpace(text, attrEnd);
      if (text.charCodeAt(k) !== EQUALS) return null;
      k = skipSpace(text, k + 1);
      const q = text.charCodeAt(k);
      if (q !== APOS && q !== QUOT) return null;
      const close = text.indexOf(q === APOS ? "'" : '"', k + 1);
      if (close === -1) return null;
      const value = text.slice(k + 1, close);
      if (value.includes('<')) return null;
      attrs ??= {};
      if (Object.prototype.hasOwnProperty.call(attrs, attr)) return null;
      attrs[attr] = value;
      i = close + 1;
    }
    const children: XmlNode[] = [];
    const node: XmlNode = {};
    node[name] = children;
    if (attrs !== undefined) node[ATTRS] = attrs;
    if (open.length === 0 && ++roots > 1) return null;
    kids.push(node);
    if (text.charCodeAt(i) === SLASH) {
      if (text.charCodeAt(i + 1) !== GT) return null;
      i += 2;
      continue;
    }
    i++;
    // One short of the parser's limit: the general path decides at the edge.
    if (open.length + 1 >= maxDepth) return null;
    open.push({ name, kids: children });
    kids = children;
  }
  return open.length === 0 && roots === 1 ? top : null;
}

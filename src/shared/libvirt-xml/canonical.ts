import { decodeXml } from './entities';
import { ATTRS, CDATA, COMMENT, TEXT, XmlDocument, nodeName, type XmlNode } from './tree';

// A canonical view of a tree for "did anything change?" questions: one line per node, in document
// order, addressed by a path whose indices count same-named siblings (so inserting a <title> does
// not renumber the <disk>s). Attribute order and quoting, entity spelling (&#65; vs A) and
// whitespace-only text between elements are not significant; everything else is.

/** Lines like `/domain[0]/devices[0]/disk[1] @device="cdrom" @type="file"`. */
export function canonicalLines(src: XmlDocument | readonly XmlNode[]): string[] {
  const out: string[] = [];
  walk(src instanceof XmlDocument ? src.nodes : src, '', out);
  return out;
}

/** True when two documents differ only in what canonicalLines ignores. */
export function sameXml(a: XmlDocument | readonly XmlNode[], b: XmlDocument | readonly XmlNode[]) {
  const la = canonicalLines(a);
  const lb = canonicalLines(b);
  return la.length === lb.length && la.every((line, i) => line === lb[i]);
}

function isBlank(node: XmlNode): boolean {
  const t = node[TEXT];
  return typeof t === 'string' && t.trim() === '';
}

function attrLine(node: XmlNode): string {
  const attrs = node[ATTRS];
  if (attrs === undefined || typeof attrs !== 'object' || Array.isArray(attrs)) return '';
  return Object.keys(attrs)
    .sort()
    .map((k) => ` @${k}=${JSON.stringify(decodeXml(attrs[k] ?? ''))}`)
    .join('');
}

function inner(node: XmlNode, key: string): string {
  const v = node[key];
  const first = Array.isArray(v) ? v[0] : undefined;
  const t = first?.[TEXT];
  return typeof t === 'string' ? t : '';
}

function walk(nodes: readonly XmlNode[], path: string, out: string[]): void {
  // Whitespace is insignificant only beside markup; a leaf's text is content even when blank.
  const mixed = nodes.some((n) => nodeName(n) !== TEXT);
  const seen = new Map<string, number>();
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === TEXT && mixed && isBlank(node)) continue;
    const index = seen.get(name) ?? 0;
    seen.set(name, index + 1);
    const here = `${path}/${name}[${index}]`;
    if (name === TEXT) {
      const t = node[TEXT];
      out.push(`${here} ${JSON.stringify(decodeXml(typeof t === 'string' ? t : ''))}`);
    } else if (name === COMMENT || name === CDATA) {
      out.push(`${here} ${JSON.stringify(inner(node, name))}`);
    } else {
      out.push(`${here}${attrLine(node)}`);
      const kids = node[name];
      if (!name.startsWith('?') && Array.isArray(kids)) walk(kids, here, out);
    }
  }
}

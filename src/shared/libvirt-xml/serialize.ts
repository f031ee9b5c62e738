import { ATTRS, CDATA, COMMENT, TEXT, XmlDocument, nodeName } from './tree';
import type { QuoteChar, XmlNode } from './tree';

// The tree holds every value in its raw, still-escaped form (see entities.ts), so writing it back
// is concatenation: nothing the caller did not edit is re-escaped, re-quoted or re-indented.
// fast-xml-parser's XMLBuilder is not used for this on purpose: it rewrites apostrophes in
// attribute values as &apos;, alters comment text and would need its entity handling undone,
// which is exactly the kind of drift a lossless editor must not introduce.

export interface SerializeOptions {
  /** Quote for attribute values; defaults to the document's own style, else libvirt's ('). */
  quote?: QuoteChar;
}

/** The document (or a node list) as XML text, ending with a newline like libvirt's output. */
export function serializeXml(
  src: XmlDocument | readonly XmlNode[],
  options: SerializeOptions = {},
): string {
  const nodes = src instanceof XmlDocument ? src.nodes : src;
  const q = options.quote ?? (src instanceof XmlDocument ? src.quote : "'");
  const parts: string[] = [];
  let previousWasMarkup = false;
  for (const node of nodes) {
    if (nodeName(node) === TEXT) {
      parts.push(rawOf(node));
      previousWasMarkup = false;
      continue;
    }
    // The parser drops whitespace between top-level nodes; put line breaks back between them.
    if (previousWasMarkup) parts.push('\n');
    writeNode(node, parts, q);
    previousWasMarkup = true;
  }
  const out = parts.join('');
  return out.endsWith('\n') ? out : out + '\n';
}

function rawOf(node: XmlNode): string {
  const t = node[TEXT];
  return typeof t === 'string' ? t : '';
}

function innerRaw(node: XmlNode, key: string): string {
  const inner = node[key];
  const first = Array.isArray(inner) ? inner[0] : undefined;
  return first === undefined ? '' : rawOf(first);
}

/** The preferred quote unless the raw value contains it (possible only for the one not used). */
function quote(raw: string, q: QuoteChar): string {
  if (!raw.includes(q)) return q + raw + q;
  const other = q === "'" ? '"' : "'";
  return raw.includes(other) ? `"${raw.replace(/"/g, '&quot;')}"` : other + raw + other;
}

function attributes(node: XmlNode, q: QuoteChar): string {
  const attrs = node[ATTRS];
  if (attrs === undefined || typeof attrs !== 'object' || Array.isArray(attrs)) return '';
  let out = '';
  for (const name in attrs) out += ' ' + name + '=' + quote(attrs[name] ?? '', q);
  return out;
}

function writeNode(node: XmlNode, parts: string[], q: QuoteChar): void {
  const name = nodeName(node);
  if (name === TEXT) {
    parts.push(rawOf(node));
  } else if (name === COMMENT) {
    parts.push('<!--' + innerRaw(node, COMMENT) + '-->');
  } else if (name === CDATA) {
    parts.push('<![CDATA[' + innerRaw(node, CDATA) + ']]>');
  } else if (name.startsWith('?')) {
    // The XML declaration is written with double quotes nearly everywhere; keep it that way.
    parts.push('<' + name + attributes(node, name === '?xml' ? '"' : q) + '?>');
  } else if (name !== '') {
    const kids = node[name];
    const open = '<' + name + attributes(node, q);
    if (!Array.isArray(kids) || kids.length === 0) {
      parts.push(open + '/>');
      return;
    }
    parts.push(open + '>');
    for (const kid of kids) writeNode(kid, parts, q);
    parts.push('</' + name + '>');
  }
}

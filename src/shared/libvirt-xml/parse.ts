import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { XmlError, lineAt } from './errors';
import { checkCharacters, checkMarkup, decodeInput } from './guard';
import { MAX_XML_BYTES, MAX_XML_DEPTH } from './limits';
import { parsePlain } from './parsePlain';
import {
  ATTRS,
  TEXT,
  XmlDocument,
  isElement,
  nodeName,
  type QuoteChar,
  type XmlNode,
} from './tree';

// Everything that keeps a parse lossless lives in these options: document order is kept
// (preserveOrder), values stay strings exactly as written (no number parsing, no trimming, no entity
// decoding), and comments, CDATA, PIs, the XML declaration and prefixed names (qemu:commandline)
// are ordinary nodes. Entity processing stays off as defence in depth: guard.ts already refused
// every DOCTYPE, so there is nothing to expand. fast-xml-parser keeps only the name="value" pairs
// of a PI, so guard.ts refuses PIs with other content (libvirt never writes one) instead of
// letting it vanish.
export const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: TEXT,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: false,
  ignorePiTags: false,
  removeNSPrefix: false,
  allowBooleanAttributes: false,
  maxNestedTags: MAX_XML_DEPTH,
} satisfies X2jOptions;

const parser = new XMLParser(PARSER_OPTIONS);

export interface ParseOptions {
  /** Root element(s) the caller accepts, e.g. 'domain'; anything else is WRONG_ROOT. */
  root?: string | readonly string[];
  /** Lower the size limit for this call (it cannot be raised above MAX_XML_BYTES). */
  maxBytes?: number;
}

/**
 * Parses untrusted libvirt XML into a lossless, editable document. Throws XmlError (an
 * INVALID_INPUT VirtdeskError) for anything that is not a well-formed, DOCTYPE-free document with
 * the expected root, in time bounded by the size limit.
 */
export function parseXml(input: string | Uint8Array, options: ParseOptions = {}): XmlDocument {
  const maxBytes = Math.min(options.maxBytes ?? MAX_XML_BYTES, MAX_XML_BYTES);
  const text = decodeInput(input, maxBytes);
  checkCharacters(text);
  checkMarkup(text);
  // Plain documents (all that libvirt prints) take the fast reader; the rest, and every error,
  // the validator and fast-xml-parser.
  const nodes = parsePlain(text, MAX_XML_DEPTH) ?? parseGeneral(text);
  const root = singleRoot(nodes, text);
  checkAttributeValues(root, text);
  if (!endsWithRoot(text, nodeName(root))) {
    throw new XmlError('MALFORMED', 'Text after the root element', lineAt(text, text.length));
  }
  const expected = options.root === undefined ? [] : [options.root].flat();
  const name = nodeName(root);
  if (expected.length > 0 && !expected.includes(name)) {
    const want = expected.map((r) => `<${r}>`).join(' or ');
    throw new XmlError('WRONG_ROOT', `Expected a ${want} document, found <${name}>`);
  }
  return new XmlDocument(nodes, root, dominantQuote(text));
}

// The parser does not record how each attribute was quoted; writing the style the document mostly
// uses keeps the untouched lines of a consistently quoted document byte-identical.
function dominantQuote(text: string): QuoteChar {
  const count = (needle: string) => {
    let n = 0;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 2)) n++;
    return n;
  };
  return count('="') > count("='") ? '"' : "'";
}

function parseGeneral(text: string): XmlNode[] {
  validate(text);
  try {
    return parser.parse(text) as XmlNode[];
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/nested tags/i.test(msg)) {
      throw new XmlError('TOO_DEEP', `Elements are nested deeper than ${MAX_XML_DEPTH} levels`);
    }
    throw new XmlError('MALFORMED', `The document cannot be parsed: ${msg.slice(0, 200)}`);
  }
}

function validate(text: string): void {
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result === true) return;
  const { msg, line } = result.err;
  // The validator reports an unclosed element as "Invalid '[ "a", "b" ]' found." at line 1;
  // say what is open and where the input stopped, which is where truncation actually shows.
  const unclosed = /^Invalid '\[([\s\S]*)\]' found\.$/.exec(msg);
  if (unclosed !== null) {
    const open = [...(unclosed[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => `<${m[1]}>`);
    const last = lineAt(text, text.length);
    throw new XmlError('MALFORMED', `The document ends before ${open.join(', ')} closes`, last);
  }
  const where = typeof line === 'number' && line > 0 ? line : undefined;
  throw new XmlError('MALFORMED', `The document is not well-formed: ${msg}`, where);
}

function singleRoot(nodes: XmlNode[], text: string): XmlNode {
  for (const n of nodes) {
    const t = n[TEXT];
    if (typeof t === 'string' && t.trim() !== '') {
      const at = lineAt(text, text.indexOf(t.trim()));
      throw new XmlError('MALFORMED', 'Text outside the root element', at);
    }
  }
  const roots = nodes.filter(isElement);
  const [root] = roots;
  if (root === undefined) throw new XmlError('MALFORMED', 'The document has no root element');
  if (roots.length > 1) {
    const msg = `The document has ${roots.length} root elements; XML allows one`;
    throw new XmlError('MALFORMED', msg);
  }
  return root;
}

// fast-xml-parser silently drops some text after the root, so check the source: once trailing
// comments and PIs are peeled off, it must end with the root's end tag (or a self-closed root).
function endsWithRoot(text: string, rootName: string): boolean {
  let end = text.trimEnd();
  for (;;) {
    const open = end.endsWith('-->') ? '<!--' : end.endsWith('?>') ? '<?' : undefined;
    if (open === undefined) break;
    const start = end.lastIndexOf(open);
    if (start === -1) return false;
    end = end.slice(0, start).trimEnd();
  }
  if (!end.endsWith('>')) return false;
  // A self-closed root is the last tag ('<' cannot occur in attribute values: checked before).
  if (end.endsWith('/>')) return end.lastIndexOf('<') === end.lastIndexOf(`<${rootName}`);
  const close = end.lastIndexOf('</');
  return close !== -1 && end.slice(close + 2, -1).trim() === rootName;
}

// The validator lets '<' through inside attribute values; XML does not, and neither does libvirt.
function checkAttributeValues(root: XmlNode, text: string): void {
  const stack: XmlNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const attrs = node[ATTRS];
    if (attrs !== undefined && typeof attrs === 'object' && !Array.isArray(attrs)) {
      for (const v of Object.values(attrs)) {
        if (typeof v === 'string' && v.includes('<')) {
          throw new XmlError(
            'MALFORMED',
            "'<' is not allowed in an attribute value",
            lineAt(text, text.indexOf(v)),
          );
        }
      }
    }
    const kids = node[nodeName(node)];
    if (Array.isArray(kids)) for (const k of kids) if (isElement(k)) stack.push(k);
  }
}

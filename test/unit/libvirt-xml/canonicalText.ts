// A canonical form of XML text for the round-trip test, written without the code under test: it
// reads the source text itself, so whatever the library's parser drops cannot drop out of the
// comparison too. It reads DOCTYPE-free documents (the only ones parseXml accepts) and gives one
// token per markup item or text run.
//
// It normalises exactly what an XML parser (libxml2, which libvirt uses) cannot see, so no
// difference it hides can change what libvirt reads:
//  1. line ends: CRLF and a lone CR are LF (XML 1.0 §2.11: done before parsing);
//  2. a leading byte-order mark (an encoding signature, not content);
//  3. whitespace outside the root element: before it, between prolog items, after it (§2.8:
//     'Misc', part of no element's content);
//  4. layout inside a tag: whitespace between attributes, around '=', before '>' or '/>';
//  5. an attribute's quote character: 'v' and "v" are the same value;
//  6. how a character is spelled: A, &#65; and &#x41;, or ' and &apos;, are one character (each
//     value is decoded, then written one way);
//  7. a literal tab, LF or CR in an attribute value is a space (attribute-value normalisation,
//     §3.3.3; done before decoding, so &#10; stays a line feed);
//  8. empty elements: <a/> and <a></a> are the same element (§3.1).
// Everything else is compared as written: attribute order, every text run inside the root
// (whitespace-only ones included), comments, CDATA sections (not merged into text), processing
// instructions, element and attribute names with their namespace prefixes.

const NAME = String.raw`[^\s/>=<"']+`;
const START_TAG = new RegExp(
  String.raw`<(${NAME})((?:\s+${NAME}\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>`,
  'y',
);
const ATTRIBUTE = new RegExp(String.raw`(${NAME})\s*=\s*(?:"([^"]*)"|'([^']*)')`, 'g');
const END_TAG = new RegExp(String.raw`</(${NAME})\s*>`, 'y');
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));|&/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function canonicalXml(source: string): string[] {
  const s = source.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const tokens: string[] = [];
  let depth = 0;
  let at = 0;
  const through = (end: string): string => {
    const stop = s.indexOf(end, at);
    if (stop === -1) throw new Error(`unterminated markup at offset ${at}`);
    const item = s.slice(at, stop + end.length);
    at = stop + end.length;
    return item;
  };
  while (at < s.length) {
    if (s.startsWith('<!--', at) || s.startsWith('<![CDATA[', at)) {
      tokens.push(through(s.startsWith('<!--', at) ? '-->' : ']]>'));
    } else if (s.startsWith('<?', at)) {
      tokens.push(instruction(through('?>')));
    } else if (s.startsWith('<!', at)) {
      throw new Error(`a declaration (<!…) at offset ${at}: not in the subset read here`);
    } else if (s.startsWith('</', at)) {
      END_TAG.lastIndex = at;
      const m = END_TAG.exec(s);
      if (m === null) throw new Error(`bad end tag at offset ${at}`);
      tokens.push(`</${m[1]}>`);
      at = END_TAG.lastIndex;
      depth--;
    } else if (s[at] === '<') {
      START_TAG.lastIndex = at;
      const m = START_TAG.exec(s);
      if (m === null) throw new Error(`bad start tag at offset ${at}`);
      tokens.push(`<${m[1]}${attributes(m[2] ?? '')}>`);
      if (m[3] === '/') tokens.push(`</${m[1]}>`);
      else depth++;
      at = START_TAG.lastIndex;
    } else {
      const stop = s.indexOf('<', at) === -1 ? s.length : s.indexOf('<', at);
      const text = s.slice(at, stop);
      at = stop;
      if (depth > 0) tokens.push(escape(decode(text), /[&<>]/g));
      else if (text.trim() !== '') throw new Error('text outside the root element');
    }
  }
  return tokens;
}

function attributes(raw: string): string {
  let out = '';
  for (const [, name, dq, sq] of raw.matchAll(ATTRIBUTE)) {
    const value = decode((dq ?? sq ?? '').replace(/[\t\n]/g, ' '));
    out += ` ${name}="${escape(value, /[&<"\t\n\r]/g)}"`;
  }
  return out;
}

/** `<?target content?>`: the XML declaration's pseudo-attributes are read like attributes. */
function instruction(raw: string): string {
  const m = /^<\?(\S+?)(\s+([\s\S]*?))?\?>$/.exec(raw);
  if (m === null) throw new Error(`bad processing instruction ${raw.slice(0, 40)}`);
  const content = m[3] ?? '';
  return m[1] === 'xml' ? `<?xml${attributes(content)}?>` : `<?${m[1]} ${content}?>`;
}

function decode(raw: string): string {
  return raw.replace(REFERENCE, (ref, hex?: string, dec?: string, named?: string) => {
    if (ref === '&') throw new Error(`a bare & or an unknown entity near ${raw.slice(0, 40)}`);
    if (named !== undefined) return NAMED[named]!;
    return String.fromCodePoint(hex !== undefined ? parseInt(hex, 16) : Number(dec));
  });
}

function escape(text: string, special: RegExp): string {
  return text.replace(special, (c) => `&#${c.codePointAt(0)};`);
}

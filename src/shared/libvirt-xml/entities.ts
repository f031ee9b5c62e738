// The tree keeps text and attribute values exactly as they were written, entity references and all
// (fast-xml-parser runs with processEntities off), so serializing never re-escapes anything the user
// did not touch. These helpers are the only place values cross between that raw form and plain text.

const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Plain text of a raw value: the five predefined entities and character references resolved. */
export function decodeXml(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (ref, named?: string, dec?: string, hex?: string) => {
    if (named !== undefined) return NAMED[named] ?? ref;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    // The parse guard already refused references to characters XML does not allow.
    return Number.isSafeInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : ref;
  });
}

/** Raw form of element text. CR is escaped because parsers normalize a literal CR away. */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;',
  );
}

/**
 * Raw form of an attribute value. Tabs and line breaks become character references because
 * attribute-value normalization would otherwise turn them into spaces on the next parse. `'` is
 * left alone: the serializer picks the quote character a value does not contain.
 */
export function escapeXmlAttr(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

import { XmlError, lineAt, type XmlErrorReason } from './errors';

// Checks that run on the raw text before any parser sees it. fast-xml-parser is a fine parser but
// not a validating one: it reads DOCTYPEs (and, with entities on, expands them), tolerates undefined
// entity references and accepts characters XML forbids. Refusing those here keeps the parser on the
// subset of XML libvirt actually produces, in time linear in the input.

/** Text of the input (a leading BOM dropped), or an XmlError for oversized or non-UTF-8 input. */
export function decodeInput(input: string | Uint8Array, maxBytes: number): string {
  let text: string;
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes);
    text = input;
  } else {
    // isView rather than instanceof: bytes may come from another realm (a preload, a worker).
    if (!ArrayBuffer.isView(input)) throw new XmlError('MALFORMED', 'XML must be text or bytes');
    if (input.byteLength > maxBytes) throw tooLarge(input.byteLength, maxBytes);
    try {
      // fatal: a replacement character would silently change a name or path.
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      const at = firstInvalidUtf8(bytes);
      throw new XmlError('INVALID_UTF8', 'The document is not valid UTF-8', utf8LineAt(bytes, at));
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(size: number, max: number): XmlError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return new XmlError('TOO_LARGE', `The document is ${mb(size)}; the limit is ${mb(max)}`);
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (-1 if none). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n =
      c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k] ?? 0;
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    const min = n === 1 ? 0x80 : n === 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function utf8LineAt(b: Uint8Array, at: number): number | undefined {
  if (at < 0) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (b[i] === 0x0a) line++;
  return line;
}

/**
 * Characters XML 1.0 cannot carry at all, not even escaped (its Char production, negated); lone
 * surrogates cannot be encoded in UTF-8 either.
 */
export const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkCharacters(text: string): void {
  const m = NOT_XML.exec(text);
  if (m === null) return;
  const code = (m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  throw new XmlError(
    'INVALID_CHAR',
    `Character U+${code} is not allowed in XML`,
    lineAt(text, m.index),
  );
}

const PSEUDO_ATTRIBUTES = /^[^\s?]+(?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*$/;
const MARKUP = /<!--|<!\[CDATA\[|<!|<\?|&/g;
const PREDEFINED = /(?:amp|lt|gt|quot|apos);|#([0-9]{1,7});|#x([0-9a-fA-F]{1,6});/y;
const ENTITY_NAME = /[A-Za-z_:][-A-Za-z0-9._:]*;/y;

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Refuses DOCTYPEs and other markup declarations, entity references XML does not predefine,
 * character references to forbidden characters, comments containing '--' and PIs whose content
 * would be lost. Comment, CDATA and PI bodies are skipped, so '&' or '<!DOCTYPE' quoted inside
 * them is not a false alarm.
 */
export function checkMarkup(text: string): void {
  const re = new RegExp(MARKUP.source, 'g');
  const fail = (reason: XmlErrorReason, msg: string, at: number) =>
    new XmlError(reason, msg, lineAt(text, at));
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    const token = m[0];
    if (token === '&') {
      PREDEFINED.lastIndex = at + 1;
      const ref = PREDEFINED.exec(text);
      if (ref !== null) {
        const num =
          ref[1] !== undefined
            ? Number(ref[1])
            : ref[2] !== undefined
              ? parseInt(ref[2], 16)
              : 0x20;
        if (!isXmlChar(num))
          throw fail(
            'MALFORMED',
            `Character reference ${text.slice(at, PREDEFINED.lastIndex)} is not an XML character`,
            at,
          );
        continue;
      }
      ENTITY_NAME.lastIndex = at + 1;
      if (ENTITY_NAME.test(text)) {
        const ref = text.slice(at, ENTITY_NAME.lastIndex);
        throw fail(
          'ENTITY',
          `Entity reference ${ref} is not allowed (only XML's predefined entities are)`,
          at,
        );
      }
      throw fail('MALFORMED', "A bare '&' must be written as &amp;", at);
    }
    if (token === '<!') {
      if (/^<!DOCTYPE/i.test(text.slice(at, at + 9))) {
        // A DOCTYPE is refused either way; naming entities makes a billion-laughs report clearer.
        const declaresEntities = /<!ENTITY/i.test(text.slice(at, at + 64 * 1024));
        throw fail(
          declaresEntities ? 'ENTITY' : 'DOCTYPE',
          declaresEntities
            ? 'Entity declarations are not allowed'
            : 'DOCTYPE declarations are not allowed',
          at,
        );
      }
      const isEntity = /^<!ENTITY/i.test(text.slice(at, at + 8));
      throw fail(isEntity ? 'ENTITY' : 'DOCTYPE', 'Markup declarations are not allowed', at);
    }
    const close = token === '<!--' ? '-->' : token === '<?' ? '?>' : ']]>';
    const end = text.indexOf(close, at + token.length);
    const what =
      token === '<!--' ? 'comment' : token === '<?' ? 'processing instruction' : 'CDATA section';
    if (end === -1) throw fail('MALFORMED', `The ${what} is never closed`, at);
    if (token === '<?' && !PSEUDO_ATTRIBUTES.test(text.slice(at + 2, end))) {
      // fast-xml-parser keeps only name="value" pairs of a PI; refuse rather than lose the rest.
      const msg = 'Processing instructions are kept only when their content is name="value" pairs';
      throw fail('UNSUPPORTED', msg, at);
    }
    if (token === '<!--') {
      const body = text.slice(at + 4, end);
      if (body.includes('--') || body.endsWith('-'))
        throw fail('MALFORMED', "A comment may not contain '--'", at);
    }
    re.lastIndex = end + close.length;
  }
}

import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import {
  MAX_XML_BYTES,
  XmlError,
  parseXml,
  readAnyView,
  readDomain,
  readPool,
  sameXml,
  serializeXml,
  type XmlErrorReason,
} from '../../../src/shared/libvirt-xml';
import { FIXTURES, listXml, readFixture } from './fixtures';

/**
 * Runs `fn`, which must refuse with `reason` (and `line`, when given). How fast a refusal is, is
 * bench/xml.ts's figure (`hostile_refusal_max_ms`), not a timed assertion here.
 */
function expectRefusal(fn: () => unknown, reason: XmlErrorReason, line?: number): XmlError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(XmlError);
  expect(caught).toBeInstanceOf(VirtdeskError);
  const err = caught as XmlError;
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.reason, err.message).toBe(reason);
  if (line !== undefined) expect(err.line).toBe(line);
  return err;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<domain><name>&lol9;</name></domain>`;

describe('hostile XML is refused with a typed error', () => {
  it('billion laughs: entity declarations are refused before anything expands', () => {
    expectRefusal(() => parseXml(BILLION_LAUGHS), 'ENTITY', 2);
  });

  it('external entity (XXE) is refused', () => {
    const xxe = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><domain>&x;</domain>';
    expectRefusal(() => parseXml(xxe), 'ENTITY', 1);
  });

  it('any DOCTYPE is refused outright, wherever it appears', () => {
    expectRefusal(() => parseXml('<!DOCTYPE domain>\n<domain/>'), 'DOCTYPE', 1);
    expectRefusal(
      () =>
        parseXml('<?xml version="1.0"?>\n<!-- c -->\n<!doctype domain SYSTEM "x.dtd"><domain/>'),
      'DOCTYPE',
      3,
    );
    expectRefusal(() => parseXml('<domain>\n<!DOCTYPE x>\n</domain>'), 'DOCTYPE', 2);
    expectRefusal(() => parseXml('<domain><!ELEMENT x ANY></domain>'), 'DOCTYPE');
  });

  it('quoting <!DOCTYPE or & inside a comment or CDATA is not an alarm', () => {
    const doc = parseXml('<domain><!-- <!DOCTYPE & --><x><![CDATA[<!DOCTYPE &bad;]]></x></domain>');
    expect(doc.rootName).toBe('domain');
  });

  it('references to undeclared entities are refused', () => {
    expectRefusal(() => parseXml('<domain>\n  <name>&lol9;</name>\n</domain>'), 'ENTITY', 2);
    expectRefusal(() => parseXml('<domain a="&nbsp;"/>'), 'ENTITY', 1);
    expectRefusal(() => parseXml('<domain>a & b</domain>'), 'MALFORMED', 1);
  });

  it('a 50 MB document is refused by size before it is read', () => {
    const big = '<domain>' + 'x'.repeat(50 * 1024 * 1024) + '</domain>';
    expectRefusal(() => parseXml(big), 'TOO_LARGE');
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    expectRefusal(() => parseXml(bytes), 'TOO_LARGE');
    expectRefusal(() => parseXml('<domain/>', { maxBytes: 4 }), 'TOO_LARGE');
    expect(MAX_XML_BYTES).toBe(10 * 1024 * 1024);
  });

  it('truncated input fails cleanly at every cut point, naming the last line', () => {
    const full = readFixture('domain/hostdev-vfio.xml');
    const half = full.slice(0, full.indexOf('<devices>') + '<devices>'.length);
    const err = expectRefusal(() => parseXml(half), 'MALFORMED');
    expect(err.line).toBe(half.split('\n').length);
    expect(err.message).toContain('ends before <domain>, <devices> closes');
    const end = full.lastIndexOf('</domain>');
    for (let cut = 1; cut < end; cut += 37) {
      expectRefusal(() => parseXml(full.slice(0, cut)), 'MALFORMED');
    }
  });

  it('the wrong root element is refused, by parseXml and by the views', () => {
    const pool = readFixture('pool/pool-dir.xml');
    const err = expectRefusal(() => parseXml(pool, { root: 'domain' }), 'WRONG_ROOT');
    expect(err.message).toContain('<pool>');
    expectRefusal(() => parseXml(pool, { root: ['domain', 'domainsnapshot'] }), 'WRONG_ROOT');
    expectRefusal(() => readDomain(parseXml(pool)), 'WRONG_ROOT');
    expect(readPool(parseXml(pool, { root: 'pool' })).name).toBe('virtimages');
  });

  it('invalid UTF-8 bytes are refused with the line they are on', () => {
    const enc = new TextEncoder();
    const bad = (bytes: number[]) => {
      const head = enc.encode('<domain>\n<name>\n');
      const tail = enc.encode('</name></domain>');
      return new Uint8Array([...head, ...bytes, ...tail]);
    };
    expectRefusal(() => parseXml(bad([0xc3, 0x28])), 'INVALID_UTF8', 3);
    expectRefusal(() => parseXml(bad([0xc0, 0xaf])), 'INVALID_UTF8', 3); // overlong '/'
    expectRefusal(() => parseXml(bad([0x80])), 'INVALID_UTF8', 3); // lone continuation
    expectRefusal(() => parseXml(bad([0xed, 0xa0, 0x80])), 'INVALID_UTF8', 3); // surrogate
    expectRefusal(() => parseXml(new Uint8Array([0x3c, 0x61, 0xe2, 0x82])), 'INVALID_UTF8', 1);
    // Valid UTF-8 with a BOM is fine, and non-ASCII text survives.
    const ok = parseXml(
      new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('<domain>Zürich</domain>')]),
    );
    expect(ok.rootName).toBe('domain');
  });

  it('characters XML forbids are refused, literal or as references', () => {
    expectRefusal(() => parseXml('<domain>\n\u0000</domain>'), 'INVALID_CHAR', 2);
    expectRefusal(() => parseXml('<domain>\u001b[31m</domain>'), 'INVALID_CHAR');
    expectRefusal(() => parseXml('<domain>\ud800</domain>'), 'INVALID_CHAR');
    expectRefusal(() => parseXml('<domain>&#0;</domain>'), 'MALFORMED');
    expectRefusal(() => parseXml('<domain>&#xD800;</domain>'), 'MALFORMED');
  });

  it('deep nesting is refused, not recursed into', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expectRefusal(() => parseXml(deep), 'TOO_DEEP');
  });

  it('not-well-formed documents are MALFORMED with a line', () => {
    expectRefusal(() => parseXml(''), 'MALFORMED');
    expectRefusal(() => parseXml('   \n  '), 'MALFORMED');
    expectRefusal(() => parseXml('<a>\n<b>\n</a>'), 'MALFORMED', 3);
    expectRefusal(() => parseXml('<a x="1" x="2"/>'), 'MALFORMED', 1);
    expectRefusal(() => parseXml('<a/><b/>'), 'MALFORMED');
    expectRefusal(() => parseXml('<a/>trailing'), 'MALFORMED');
    expectRefusal(() => parseXml('<a/>\n<!-- c -->trailing'), 'MALFORMED', 2);
    expectRefusal(() => parseXml('<a/>junk<!-- c -->'), 'MALFORMED');
    expectRefusal(() => parseXml('junk<a/>'), 'MALFORMED', 1);
    expectRefusal(() => parseXml('<a x="<"/>'), 'MALFORMED');
    expectRefusal(() => parseXml('<a><!-- x -- y --></a>'), 'MALFORMED');
    expectRefusal(() => parseXml('<a><!-- never closed </a>'), 'MALFORMED');
    expectRefusal(() => parseXml('<a><![CDATA[ never closed </a>'), 'MALFORMED');
    expectRefusal(() => parseXml('<a>\n<b attr=noquote/></a>'), 'MALFORMED', 2);
  });

  it('a PI whose content could not be kept is refused rather than silently trimmed', () => {
    expectRefusal(() => parseXml('<domain>\n<?php echo 1; ?>\n</domain>'), 'UNSUPPORTED', 2);
    const kept = parseXml(`<?xml version="1.0"?><?hint a='1' b="2"?><domain/>`);
    // Two of three attributes use ", so the document is written with ".
    expect(serializeXml(kept)).toBe(`<?xml version="1.0"?>\n<?hint a="1" b="2"?>\n<domain/>\n`);
  });

  it('names that would pollute prototypes are refused and pollute nothing', () => {
    expectRefusal(() => parseXml('<domain><__proto__ polluted="yes"/></domain>'), 'MALFORMED');
    expectRefusal(() => parseXml('<domain __proto__="x"/>'), 'MALFORMED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('errors cross a transport as INVALID_INPUT with the line in the message', () => {
    const err = expectRefusal(() => parseXml('<a>\n<b>\n</a>'), 'MALFORMED');
    const wire = err.toWire();
    expect(wire.code).toBe('INVALID_INPUT');
    expect(wire.message).toContain('line 3');
  });

  it('mutated fixtures either parse and round-trip, or are refused with an XmlError', () => {
    // A deterministic PRNG (mulberry32) so a failure reproduces.
    let seed = 0x5eed;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const tokens = [
      '<',
      '>',
      '&',
      '"',
      "'",
      '</',
      '/>',
      '<!--',
      '-->',
      ']]>',
      '<![CDATA[',
      '&#0;',
      '\u0000',
      '\ud800',
      '<?',
      '?>',
      '=',
      '&amp;',
      '<x>',
      '<!DOCTYPE',
      '&e;',
      '\n',
    ];
    const mutate = (text: string): string => {
      const at = Math.floor(rand() * text.length);
      const len = Math.floor(rand() * 12);
      switch (Math.floor(rand() * 4)) {
        case 0:
          return text.slice(0, at) + text.slice(at + len);
        case 1:
          return text.slice(0, at) + tokens[Math.floor(rand() * tokens.length)] + text.slice(at);
        case 2:
          return text.slice(0, at) + text.slice(at, at + len * 8) + text.slice(at);
        default:
          return text.slice(0, at);
      }
    };
    const unexpected: string[] = [];
    let parsed = 0;
    let refused = 0;
    for (const rel of listXml(FIXTURES)) {
      const original = readFixture(rel);
      for (let i = 0; i < 8; i++) {
        const text = mutate(mutate(original));
        const started = performance.now();
        try {
          const doc = parseXml(text);
          parsed++;
          if (!sameXml(doc, parseXml(serializeXml(doc))))
            unexpected.push(`${rel}#${i}: round trip`);
          readAnyView(doc);
        } catch (e) {
          if (e instanceof XmlError) refused++;
          else unexpected.push(`${rel}#${i}: ${String(e)}`);
        }
        if (performance.now() - started > 1000) unexpected.push(`${rel}#${i}: slow`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(parsed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

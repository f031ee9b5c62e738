// The fast reader for plain XML against fast-xml-parser itself: whatever it accepts must be a
// document the general path (guards, validator, parser) accepts too, with the very same tree; the
// rest it must hand over (null). Checked on every fixture, on thousands of seeded mutations of
// them, and on short documents built from the pieces where parsers disagree.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { PARSER_OPTIONS, parseXml } from '../../../src/shared/libvirt-xml';
import { checkCharacters, checkMarkup } from '../../../src/shared/libvirt-xml/guard';
import { MAX_XML_DEPTH } from '../../../src/shared/libvirt-xml/limits';
import { parsePlain } from '../../../src/shared/libvirt-xml/parsePlain';
import { FIXTURES, listXml, readFixture } from './fixtures';

const general = new XMLParser(PARSER_OPTIONS);
const docs = listXml(FIXTURES).map(readFixture);

/** What parseXml's guards let through to a parser. */
function guarded(text: string): boolean {
  try {
    checkCharacters(text);
    checkMarkup(text);
    return true;
  } catch {
    return false;
  }
}

/** The inputs parsePlain accepted where the general path disagrees, as readable lines. */
function disagreements(inputs: Iterable<string>): { accepted: number; bad: string[] } {
  let accepted = 0;
  const bad: string[] = [];
  for (const text of inputs) {
    if (!guarded(text)) continue;
    const mine = parsePlain(text, MAX_XML_DEPTH);
    if (mine === null) continue;
    accepted++;
    const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
    const same = JSON.stringify(mine) === JSON.stringify(general.parse(text));
    if (valid !== true || !same) bad.push(JSON.stringify(text.slice(0, 200)));
  }
  return { accepted, bad };
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

describe('parsePlain', () => {
  it('reads the plain fixtures (as libvirt prints them) into the tree fast-xml-parser builds', () => {
    const { accepted, bad } = disagreements(docs);
    expect(bad).toEqual([]);
    // Most fixtures are plain; the rest (comments, declarations, CDATA) take the general path.
    expect(accepted).toBeGreaterThan(docs.length * 0.9);
  });

  it('agrees with the general path on seeded mutations of the fixtures', () => {
    const rnd = random(11);
    const bits = ['<', '>', '/', "'", '"', '=', ' ', '\n', '\t', ':', '&amp;', '<!--x-->'];
    const more = ['<?p?>', '</a>', '<a>', '<b/>', ' x="1"', "x='<'", '__proto__', ']]>', '\r'];
    const pieces = [...bits, ...more, '-', '1', 'é'];
    function* mutations() {
      for (let r = 0; r < 10_000; r++) {
        let t = pick(rnd, docs);
        for (let o = 1 + Math.floor(rnd() * 3); o > 0; o--) {
          const at = Math.floor(rnd() * t.length);
          const kind = rnd();
          if (kind < 0.4) t = t.slice(0, at) + pick(rnd, pieces) + t.slice(at);
          else if (kind < 0.8) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 3));
          else t = t.slice(0, at);
        }
        yield t;
      }
    }
    const { accepted, bad } = disagreements(mutations());
    expect(bad).toEqual([]);
    expect(accepted).toBeGreaterThan(500);
  });

  it('agrees with the general path on short documents made of tricky pieces', () => {
    const rnd = random(7);
    const pieces = [
      ...['<a>', '</a>', '<b>', '</b>', '<a/>', '<b />', ' ', '\n', 'x', '&amp;', '&', '>', '<'],
      ...['<a x="1">', "<a x='1'>", '<a x="1" y="2">', '<a x="1"y="2">', '<a x=1>', '<a x>'],
      ...['<a:b>', '</a:b>', '<a::b>', '<1a>', '<a-b.c>', '</a-b.c>', "<a x='1' x='2'>", '/>'],
      ...['"', "'", '=', '<a\tx="1">', '</a >', '< a>', '<a x = "1" >', '<_a>', '</_a>'],
      ...['<a x="&lt;">', '<a xmlns:q="u">', '<q:a/>', '<a x="">', "<a\nx='\n'/>"],
    ];
    function* shorts() {
      for (let r = 0; r < 30_000; r++) {
        let t = '';
        for (let k = 1 + Math.floor(rnd() * 7); k > 0; k--) t += pick(rnd, pieces);
        yield t;
      }
    }
    const { accepted, bad } = disagreements(shorts());
    expect(bad).toEqual([]);
    expect(accepted).toBeGreaterThan(200);
  });

  it('hands everything beyond plain elements, attributes and text to the general path', () => {
    const handed = [
      '<a><!-- c --></a>',
      '<a><![CDATA[x]]></a>',
      '<?xml version="1.0"?>\n<a/>',
      '<a>\r\n</a>',
      '<a>1 > 0</a>',
      "<a x='1' x='2'/>",
      "<a __proto__='x'/>",
      '<a/><b/>',
      'x<a/>',
      '<a>',
      '<a></b>',
      '<é/>',
      '<a:b:c/>',
      `${'<a>'.repeat(MAX_XML_DEPTH)}${'</a>'.repeat(MAX_XML_DEPTH)}`,
    ];
    for (const text of handed) expect(parsePlain(text, MAX_XML_DEPTH), text).toBeNull();
  });

  it('leaves parseXml wording errors as before', () => {
    expect(() => parseXml('<domain><name>x</domain>')).toThrow(/not well-formed/);
    expect(() => parseXml('<a/><b/>')).toThrow(/2 root elements/);
  });
});

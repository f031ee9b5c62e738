import { describe, expect, it } from 'vitest';
import type { LineTokens } from '../../../src/shared/text/xmlTokens';
import {
  XmlState,
  XmlTokenCache,
  tokenizeLine,
  tokenizeLines,
} from '../../../src/shared/text/xmlTokens';

function kinds(t: LineTokens): string {
  return t.tokens.map((x) => `${x.kind}:${x.text}`).join(' ');
}

describe('tokenizeLine', () => {
  it('splits a start tag into name, attributes and values', () => {
    const t = tokenizeLine(`<disk type="file" device='disk'>`, XmlState.Text);
    expect(kinds(t)).toBe(
      `tag:<disk text:  attr:type punct:= value:"file" text:  attr:device punct:= value:'disk' tag:>`,
    );
    expect(t.end).toBe(XmlState.Text);
  });

  it('knows text, entities, end tags and self-closing tags', () => {
    const t = tokenizeLine('  <name>a &amp; b</name><x/>', XmlState.Text);
    expect(kinds(t)).toBe('text:   tag:<name> text:a  entity:&amp; text: b tag:</name><x/>');
  });

  it('marks entities inside attribute values', () => {
    const t = tokenizeLine(`<a v="x&lt;y">`, XmlState.Text);
    expect(kinds(t)).toContain('value:"x entity:&lt; value:y"');
  });

  it('recognises comments, CDATA, processing instructions and declarations', () => {
    expect(kinds(tokenizeLine('<!-- hi --><a>', XmlState.Text))).toBe(
      'comment:<!-- hi --> tag:<a>',
    );
    expect(kinds(tokenizeLine('<![CDATA[<x>]]>', XmlState.Text))).toBe('cdata:<![CDATA[<x>]]>');
    expect(kinds(tokenizeLine('<?xml version="1.0"?>', XmlState.Text))).toBe(
      'pi:<?xml version="1.0"?>',
    );
    expect(kinds(tokenizeLine('<!DOCTYPE x>', XmlState.Text))).toBe('decl:<!DOCTYPE x>');
  });

  it('carries open constructs to the next line', () => {
    expect(tokenizeLine('<!-- open', XmlState.Text).end).toBe(XmlState.Comment);
    expect(kinds(tokenizeLine('still --> <a>', XmlState.Comment))).toBe(
      'comment:still --> text:  tag:<a>',
    );
    expect(tokenizeLine('<disk type="file"', XmlState.Text).end).toBe(XmlState.Tag);
    expect(kinds(tokenizeLine('  device="disk">', XmlState.Tag))).toBe(
      'text:   attr:device punct:= value:"disk" tag:>',
    );
    expect(tokenizeLine('<a b="multi', XmlState.Text).end).toBe(XmlState.ValueDq);
    expect(kinds(tokenizeLine('line">x', XmlState.ValueDq))).toBe('value:line" tag:> text:x');
  });

  it('never throws on junk and keeps every character', () => {
    for (const junk of ['<', '</', '<<>>', '&', '& &;', '<a =">', "<a b='", '<?', '<!', ']]>']) {
      for (const state of Object.values(XmlState)) {
        const t = tokenizeLine(junk, state);
        expect(t.tokens.map((x) => x.text).join('')).toBe(junk);
      }
    }
  });
});

describe('tokenizeLines with a cache', () => {
  it('reuses unchanged lines, so an edit costs one line', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `  <item n="${i}">text ${i}</item>`);
    const cache = new XmlTokenCache();
    const first = tokenizeLines(lines, cache);
    const edited = [...lines];
    edited[700] = '  <item n="700">changed</item>';
    const second = tokenizeLines(edited, cache);
    expect(second[699]).toBe(first[699]);
    expect(second[701]).toBe(first[701]);
    expect(second[700]).not.toBe(first[700]);
  });

  it('re-tokenizes the lines after an opened comment', () => {
    const cache = new XmlTokenCache();
    const out = tokenizeLines(['<!-- start', '<a>', 'end -->', '<b>'], cache);
    expect(out.map((l) => l.tokens[0]!.kind)).toEqual(['comment', 'comment', 'comment', 'tag']);
    expect(tokenizeLines(['<a>'], cache, 0)).toEqual([]);
  });
});

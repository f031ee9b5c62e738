import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  VIEW_ROOTS,
  XmlError,
  childElements,
  nodeName,
  parseXml,
  readAnyView,
  serializeXml,
  type XmlDocument,
} from '../../../src/shared/libvirt-xml';
import { canonicalXml } from './canonicalText';
import { FIXTURES, listXml } from './fixtures';

type Outcome = 'passed' | 'refused' | string;

// XML that libvirt's test documents hardly use (no CDATA, few comments and references), written
// the ways a hand-edited document might: each must come back as written, up to canonicalText.ts.
const FEATURES: Record<string, string> = {
  'comments before, inside and after the root': [
    '<!-- before -->',
    '<domain>',
    '  <!-- keep  me -->',
    '  <name>a</name><!--x--><!---->',
    '</domain>',
    '<!-- after --><!-- and after -->',
  ].join('\n'),
  'declaration and processing instructions': [
    `<?xml version='1.0' encoding="UTF-8" standalone="yes"?>`,
    '<?xml-stylesheet href="a.xsl" type="text/xsl"?>',
    '<domain><?vd a="b"?><name>a</name></domain>',
    '<?vd after="1"?>',
  ].join('\n'),
  'CDATA, alone and between text': [
    '<domain><name>a</name>',
    '<description><![CDATA[a < b && c --> ]]></description>',
    '<title>x<![CDATA[ <y> ]]>z<![CDATA[]]></title></domain>',
  ].join(''),
  'references in text and attributes': [
    "<domain><name a='&lt;&amp;&apos;&quot;&#10;&#9;x' b=\"it's\" c='say \"hi\"'>a</name>",
    '<description>a &lt; b &amp; c &gt; d &#65;&#x42; &apos;&quot; &#x1F600; > ]] ></description>',
    '</domain>',
  ].join(''),
  'whitespace in text, including whitespace-only text': [
    '<domain>\t<name>\ta\t</name>\t',
    '<description>   </description><title>\n</title>lead<metadata/>tail</domain>',
  ].join(''),
  'CRLF and CR line ends, a byte-order mark, blank lines around the root':
    '\uFEFF\n\n  <domain>\r\n  <name>a</name>\r\n  <description>x\ry</description>\r\n</domain>\r\n\n',
  'attribute layout: line breaks in a value and between attributes, order, empty values': [
    "<domain z='1' a='2' m=''><name a='x\n y\tz'>a</name>",
    '<d\n  x=\'1\'\n  y = "2"\n/><e></e><f /><g>t</g ></domain >',
  ].join(''),
  'namespaces: prefixed elements, xmlns declarations, xml:lang': [
    "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' xml:lang='en'>",
    '  <name>a</name>',
    "  <metadata><app xmlns='http://x/'><b>1</b></app></metadata>",
    "  <qemu:commandline>\n    <qemu:arg value='-S'/>\n  </qemu:commandline>",
    '</domain>',
  ].join('\n'),
  'non-ASCII text': '<domain><name>a</name><title>héllo ✓ 𝄞</title></domain>',
};

/** The typed view of the root, and of each viewable child of a test-driver <node> config. */
function readViews(doc: XmlDocument): void {
  readAnyView(doc);
  if (doc.rootName === 'node') {
    for (const child of childElements(doc.root)) {
      if ((VIEW_ROOTS as readonly string[]).includes(nodeName(child))) readAnyView(child);
    }
  }
}

function firstDifference(a: string[], b: string[]): string {
  const i = a.findIndex((token, k) => token !== b[k]);
  const at = i === -1 ? Math.min(a.length, b.length) : i;
  const show = (t: string | undefined) => (t === undefined ? '(end)' : JSON.stringify(t));
  return `first difference at canonical token ${at}: source ${show(a[at])} ≠ written ${show(b[at])}`;
}

/**
 * serialize(parse(text)) must be the text itself up to canonicalText.ts's normalisations (what
 * no XML parser can see), serializing what it wrote must give the same text again, and the typed
 * view must read it. A document refused up front with an XmlError is 'refused' (a corpus may hold
 * XML that is not libvirt's); anything else is a failure message.
 */
function roundTrip(bytes: Uint8Array): Outcome {
  let doc: XmlDocument;
  try {
    doc = parseXml(bytes);
  } catch (e) {
    return e instanceof XmlError ? 'refused' : `parse crashed: ${String(e)}`;
  }
  try {
    const out = serializeXml(doc);
    const a = canonicalXml(new TextDecoder().decode(bytes));
    const b = canonicalXml(out);
    if (a.length !== b.length || a.some((token, i) => token !== b[i])) return firstDifference(a, b);
    const again = parseXml(out);
    if (serializeXml(again) !== out) return 'serializing the re-parsed tree changed the text';
    readViews(again);
    return 'passed';
  } catch (e) {
    return `round trip threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function runAll(dir: string, label: string) {
  const files = listXml(dir);
  const failures: string[] = [];
  const refused: string[] = [];
  for (const rel of files) {
    const outcome = roundTrip(fs.readFileSync(path.join(dir, rel)));
    if (outcome === 'refused') refused.push(rel);
    else if (outcome !== 'passed') failures.push(`${rel}: ${outcome}`);
  }
  const passed = files.length - failures.length - refused.length;
  const shown = refused.slice(0, 5).join(', ') + (refused.length > 5 ? ' …' : '');
  const refusedNote =
    refused.length > 0 ? ` (${refused.length} refused as invalid input: ${shown})` : '';
  console.log(`${label}: ${passed}/${files.length} files passed${refusedNote}`);
  return { files, failures, refused };
}

describe('libvirt XML round trip', () => {
  it('every fixture (and VIRTDESK_XML_CORPUS, when set) is written back as it was read', () => {
    // A missing fixtures dir is a broken checkout, not a reason to skip.
    expect(fs.existsSync(FIXTURES), `fixtures dir ${FIXTURES} is missing`).toBe(true);
    const fixtures = runAll(FIXTURES, 'xml round trip');
    expect(fixtures.files.length).toBeGreaterThan(0);
    expect(fixtures.failures).toEqual([]);
    // Every fixture is real libvirt XML (the *-invalid ones are well-formed): none is refused.
    expect(fixtures.refused).toEqual([]);

    const corpus = process.env.VIRTDESK_XML_CORPUS;
    if (corpus !== undefined && corpus !== '') {
      expect(fs.existsSync(corpus), `VIRTDESK_XML_CORPUS=${corpus} does not exist`).toBe(true);
      const extra = runAll(path.resolve(corpus), `xml round trip (corpus ${corpus})`);
      expect(extra.failures).toEqual([]);
    }
  }, 600_000);

  it('XML features the fixtures hardly use are written back as they were read', () => {
    const outcomes = Object.entries(FEATURES).map(
      ([feature, text]) => `${feature}: ${roundTrip(new TextEncoder().encode(text))}`,
    );
    expect(outcomes).toEqual(Object.keys(FEATURES).map((feature) => `${feature}: passed`));
  });
});

describe('the canonical form the round trip compares', () => {
  const same = (a: string, b: string) =>
    expect(canonicalXml(a), `${a} ≡ ${b}`).toEqual(canonicalXml(b));
  const differ = (a: string, b: string) =>
    expect(canonicalXml(a), `${a} ≢ ${b}`).not.toEqual(canonicalXml(b));

  it('hides only what an XML parser cannot see', () => {
    same('<a>x\r\ny\rz</a>', '<a>x\ny\nz</a>');
    same('\uFEFF\n <?xml version="1.0"?> <!--c-->\n<a/>\n\n', `<?xml version='1.0'?><!--c--><a/>`);
    same(`<a  x = '1'\n y="2" />`, '<a x="1" y="2"></a>');
    same('<a x="&#39;&#x41;&quot;">&#65;&lt;&gt;&apos;</a>', `<a x='&apos;A"'>A&lt;>'</a>`);
    same("<a x='1\n2\t3'/>", "<a x='1 2 3'/>");
  });

  it('keeps everything else', () => {
    differ('<a x="1" y="2"/>', '<a y="2" x="1"/>');
    differ('<a> </a>', '<a/>');
    differ('<a><b/> </a>', '<a><b/></a>');
    differ('<a><!--c--></a>', '<a/>');
    differ('<a><!--c--></a>', '<a><!--d--></a>');
    differ('<a><![CDATA[x]]></a>', '<a>x</a>');
    differ('<a><?p x?></a>', '<a/>');
    differ("<a x='1&#10;2'/>", "<a x='1 2'/>");
    differ('<q:a xmlns:q="u"/>', '<a xmlns="u"/>');
    differ('<a>x</a>', '<a>X</a>');
  });
});

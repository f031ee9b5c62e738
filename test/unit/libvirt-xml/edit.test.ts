import { describe, expect, it } from 'vitest';
import {
  XmlError,
  canonicalLines,
  childElements,
  createElement,
  ensureElement,
  findElement,
  getAttr,
  getText,
  parseXml,
  readDomain,
  removeNode,
  sameXml,
  serializeXml,
  setAttr,
  setDomainCurrentMemoryKiB,
  setDomainDescription,
  setDomainMemoryKiB,
  setDomainName,
  setDomainTitle,
  setDomainVcpus,
  setText,
} from '../../../src/shared/libvirt-xml';
import { parseFixture, readFixture } from './fixtures';

/** Canonical lines outside the subtrees an edit was allowed to touch. */
function untouched(lines: string[], touched: readonly string[]): string[] {
  return lines.filter((l) => !touched.some((t) => l.startsWith(`/domain[0]/${t}[0]`)));
}

/** Source lines outside the edited elements: what must stay byte-identical. */
function otherLines(xml: string, touched: readonly string[]): string[] {
  const element = `[ \\t]*<(${touched.join('|')})\\b[^>]*?(?:/>|>[\\s\\S]*?</\\1>)\\n?`;
  return xml.replace(new RegExp(element, 'g'), '').split('\n');
}

// A domain full of what the views do not model: comments in odd places, unknown elements and
// attributes, namespaced metadata, CDATA, a PI, entity and character references.
const QUIRKY = `<?xml version="1.0" encoding="UTF-8"?>
<!-- managed by hand; keep this comment -->
<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' x-unknown="it's &amp; b">
  <name>quirky</name>
  <!-- the uuid below is load-bearing -->
  <uuid>4d92ec27-9ebf-400b-ae91-20c71c647c19</uuid>
  <memory unit='GiB'>2</memory>
  <currentMemory unit='GiB'>2</currentMemory>
  <future-element flag='on'><nested>&#x41;&lt;</nested></future-element>
  <vcpu placement='static' current='2'>4</vcpu>
  <metadata>
    <app:cfg xmlns:app='urn:example'><![CDATA[raw <stuff> & more]]></app:cfg>
  </metadata>
  <?virtdesk-hint keep='yes'?>
  <devices>
    <!-- no devices yet -->
  </devices>
  <qemu:commandline><qemu:arg value='-S'/></qemu:commandline>
</domain>
`;

describe('lossless editing', () => {
  it('metadata.xml: title, description and memory change; all else is byte-identical', () => {
    const original = readFixture('domain/metadata.xml');
    const doc = parseXml(original, { root: 'domain' });
    setDomainTitle(doc, 'A title');
    setDomainDescription(doc, 'Line one\nLine <two> & "three"');
    setDomainMemoryKiB(doc, 1048576);
    const out = serializeXml(doc);
    const again = parseXml(out, { root: 'domain' });

    const view = readDomain(again);
    expect(view.title).toBe('A title');
    expect(view.description).toBe('Line one\nLine <two> & "three"');
    expect(view.memoryKiB).toBe(1048576);
    // currentMemory (219100) was below the new size, so it is the balloon target and stays.
    expect(view.currentMemoryKiB).toBe(219100);

    const touched = ['title', 'description', 'memory'];
    const before = parseXml(original);
    expect(untouched(canonicalLines(again), touched)).toEqual(
      untouched(canonicalLines(before), touched),
    );
    expect(out).toContain('<!-- intentional mis-indentation -->');
    // The fixture mostly quotes with ', so its few "-quoted attributes come out with ' too.
    expect(out).toContain("<app1:foo xmlns:app1='http://foo.org/'>fooish</app1:foo>");
    const norm = (s: string) => s.replace(/"/g, "'").trimEnd();
    expect(otherLines(norm(out), touched)).toEqual(otherLines(norm(original), touched));
    // New elements go where libvirt writes them: title and description right after the uuid.
    expect(out).toMatch(
      /<uuid>[^<]*<\/uuid>\n {2}<title>A title<\/title>\n {2}<description>Line one\nLine &lt;two&gt; &amp; "three"<\/description>\n {2}<memory unit='KiB'>1048576<\/memory>/,
    );
  });

  it('a domain full of unknown things keeps every one of them through an edit', () => {
    const doc = parseXml(QUIRKY, { root: 'domain' });
    const before = canonicalLines(doc);
    setDomainDescription(doc, 'desc');
    setDomainTitle(doc, 'T');
    setDomainMemoryKiB(doc, 3 * 1024 * 1024);
    setDomainVcpus(doc, 8);
    const out = serializeXml(doc);
    const touched = ['title', 'description', 'memory', 'vcpu'];
    const after = canonicalLines(parseXml(out));
    expect(untouched(after, touched)).toEqual(untouched(before, touched));
    for (const kept of [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!-- managed by hand; keep this comment -->',
      '<!-- the uuid below is load-bearing -->',
      `x-unknown="it's &amp; b"`,
      "<future-element flag='on'><nested>&#x41;&lt;</nested></future-element>",
      '<![CDATA[raw <stuff> & more]]>',
      "<?virtdesk-hint keep='yes'?>",
      '<!-- no devices yet -->',
      "<qemu:commandline><qemu:arg value='-S'/></qemu:commandline>",
    ]) {
      expect(out).toContain(kept);
    }
    const view = readDomain(parseXml(out));
    expect(view.vcpu).toEqual({ count: 8, placement: 'static', current: 2 });
    expect(view.memoryKiB).toBe(3 * 1024 * 1024);
    expect(view.currentMemoryKiB).toBe(2 * 1024 * 1024);
    // Untouched source lines come out byte for byte.
    expect(otherLines(out, touched)).toEqual(otherLines(QUIRKY, touched));
  });

  it('removing title/description takes their lines with them', () => {
    const doc = parseXml(QUIRKY);
    setDomainTitle(doc, 'T');
    setDomainDescription(doc, 'D');
    setDomainTitle(doc, null);
    setDomainDescription(doc, '');
    expect(serializeXml(doc)).toBe(serializeXml(parseXml(QUIRKY)));
  });
});

describe('domain setters', () => {
  it('memory below currentMemory lowers currentMemory too', () => {
    const doc = parseFixture('domain/cputune.xml');
    setDomainMemoryKiB(doc, 100000);
    expect(readDomain(doc)).toMatchObject({ memoryKiB: 100000, currentMemoryKiB: 100000 });
    setDomainCurrentMemoryKiB(doc, 50000);
    expect(readDomain(doc).currentMemoryKiB).toBe(50000);
    expect(() => setDomainCurrentMemoryKiB(doc, 200000)).toThrow(XmlError);
  });

  it('vcpus: current is kept while it fits, clamped by an explicit value, dropped when equal', () => {
    const doc = parseFixture('domain/cputune-numatune.xml');
    setDomainVcpus(doc, 8);
    expect(readDomain(doc).vcpu).toEqual({ count: 8, placement: 'auto', current: 2 });
    setDomainVcpus(doc, 4, 4);
    expect(readDomain(doc).vcpu).toEqual({ count: 4, placement: 'auto' });
    setDomainVcpus(doc, 2, 1);
    expect(readDomain(doc).vcpu?.current).toBe(1);
  });

  it('name and title are validated; a bad value changes nothing', () => {
    const doc = parseFixture('domain/cputune.xml');
    const before = serializeXml(doc);
    const reasons = [
      () => setDomainName(doc, 'bad/name'),
      () => setDomainName(doc, ''),
      () => setDomainTitle(doc, 'two\nlines'),
      () => setDomainMemoryKiB(doc, -1),
      () => setDomainMemoryKiB(doc, 1.5),
      () => setDomainVcpus(doc, 0),
      () => setDomainVcpus(doc, 2, 3),
    ].map((fn) => {
      try {
        fn();
        return 'no error';
      } catch (e) {
        return e instanceof XmlError ? `${e.code}/${e.reason}` : String(e);
      }
    });
    expect(new Set(reasons)).toEqual(new Set(['INVALID_INPUT/INVALID_VALUE']));
    expect(serializeXml(doc)).toBe(before);
    setDomainName(doc, 'renamed-vm');
    expect(readDomain(doc).name).toBe('renamed-vm');
  });

  it('setters refuse a document that is not a domain', () => {
    expect(() => setDomainTitle(parseFixture('pool/pool-dir.xml'), 'x')).toThrow(
      /Expected a <domain>/,
    );
  });
});

describe('tree API', () => {
  it('ensureElement creates missing steps indented like their siblings', () => {
    const doc = parseXml(
      '<domain>\n  <name>a</name>\n  <devices>\n    <disk/>\n  </devices>\n</domain>',
    );
    const pages = ensureElement(doc.root, 'memoryBacking/hugepages', { after: ['name'] });
    pages[Object.keys(pages)[0]!] = [createElement('page', { size: '2048', unit: 'KiB' })];
    const devices = findElement(doc.root, 'devices')!;
    ensureElement(devices, 'memballoon');
    expect(serializeXml(doc)).toBe(
      "<domain>\n  <name>a</name>\n  <memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages></memoryBacking>\n  <devices>\n    <disk/>\n    <memballoon/>\n  </devices>\n</domain>\n",
    );
    expect(ensureElement(doc.root, 'memoryBacking/hugepages')).toBe(pages);
  });

  it('attributes and text are escaped on the way in and decoded on the way out', () => {
    const doc = parseXml(`<a x="it's &amp; &#x41;"><b>1 &lt; 2<!-- c --></b></a>`);
    expect(getAttr(doc.root, 'x')).toBe("it's & A");
    expect(getAttr(doc.root, 'constructor')).toBeUndefined();
    const b = findElement(doc.root, 'b')!;
    expect(getText(b)).toBe('1 < 2');
    setAttr(doc.root, 'y', `"quoted" <tag>\ttab\nline`);
    setText(b, 'x > y & z');
    const again = parseXml(serializeXml(doc));
    expect(getAttr(again.root, 'y')).toBe(`"quoted" <tag>\ttab\nline`);
    expect(getText(findElement(again.root, 'b')!)).toBe('x > y & z');
    expect(serializeXml(again)).toContain('<!-- c -->');
    setAttr(again.root, 'y', undefined);
    expect(getAttr(again.root, 'y')).toBeUndefined();
  });

  it('removeNode leaves no blank line and sameXml notices content changes only', () => {
    const src = '<r>\n  <a/>\n  <b/>\n  <c/>\n</r>';
    const doc = parseXml(src);
    removeNode(doc.root, childElements(doc.root, 'b')[0]!);
    expect(serializeXml(doc)).toBe('<r>\n  <a/>\n  <c/>\n</r>\n');
    expect(
      sameXml(parseXml('<r  b="1" a="2" ><x/></r>'), parseXml("<r a='2' b='1'>\n <x></x>\n</r>")),
    ).toBe(true);
    expect(sameXml(parseXml('<r><x/><y/></r>'), parseXml('<r><y/><x/></r>'))).toBe(false);
    expect(sameXml(parseXml('<r><x>a</x></r>'), parseXml('<r><x>b</x></r>'))).toBe(false);
  });
});

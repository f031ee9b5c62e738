import { describe, expect, it } from 'vitest';
import {
  checkDomainXml,
  lineOfMessage,
  problemText,
} from '../../../src/shared/text/checkDomainXml';

const UUID = '0f7b5a0e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const ORIGINAL = { name: 'k3s-node-1', uuid: UUID };

function domain(inner = '', name = 'k3s-node-1', uuid = UUID): string {
  return [
    "<domain type='kvm'>",
    `  <name>${name}</name>`,
    `  <uuid>${uuid}</uuid>`,
    '  <memory unit="KiB">1048576</memory>',
    inner,
    '  <devices>',
    '    <disk type="file"><name>not-this</name></disk>',
    '  </devices>',
    '</domain>',
  ].join('\n');
}

describe('checkDomainXml', () => {
  it('accepts an existing odd name as long as it is unchanged', () => {
    const odd = { name: 'old name', uuid: UUID };
    expect(checkDomainXml(domain('', 'old name'), odd)).toBeNull();
  });

  it('accepts an unchanged identity, whatever else changed', () => {
    expect(checkDomainXml(domain('  <description>x &amp; y</description>'), ORIGINAL)).toBeNull();
    expect(checkDomainXml(domain('', 'k3s-node-1', UUID.toUpperCase()), ORIGINAL)).toBeNull();
  });

  it('says where the document stops being well-formed', () => {
    const broken = domain().replace('</memory>', '');
    const p = checkDomainXml(broken, ORIGINAL);
    expect(p?.line).toBeTypeOf('number');
    expect(problemText(p!)).toMatch(/\(line \d+\)$/);
  });

  it('wants a <domain> root', () => {
    expect(checkDomainXml('<network><name>x</name></network>', ORIGINAL)?.message).toMatch(
      /<domain>/,
    );
  });

  it('refuses a rename and a bad name on the <name> line', () => {
    const renamed = checkDomainXml(domain('', 'k3s-node-9'), ORIGINAL);
    expect(renamed).toEqual({
      message: expect.stringMatching(/^Renaming is not supported here/),
      line: 2,
    });
    const bad = checkDomainXml(domain('', 'a;b'), ORIGINAL);
    expect(bad?.message).toMatch(/may not contain ;/);
    expect(bad?.line).toBe(2);
  });

  it('refuses a changed or missing UUID', () => {
    const other = checkDomainXml(domain('', 'k3s-node-1', UUID.replace('0f', 'ff')), ORIGINAL);
    expect(other).toEqual({ message: expect.stringMatching(/UUID may not change/), line: 3 });
    expect(checkDomainXml(domain().replace(/ *<uuid>.*<\/uuid>\n/, ''), ORIGINAL)?.message).toMatch(
      /<uuid> is missing/,
    );
  });

  it('finds the root <name> even after comments and nested names', () => {
    const text = `<domain>\n  <!-- <name>x</name> -->\n  <devices><name>y</name></devices>\n  <name>k3s-node-2</name>\n  <uuid>${UUID}</uuid>\n</domain>`;
    expect(checkDomainXml(text, ORIGINAL)?.line).toBe(4);
  });
});

describe('lineOfMessage', () => {
  it('reads the line a server error names', () => {
    expect(lineOfMessage('The document is not well-formed: x (line 12)')).toBe(12);
    expect(lineOfMessage('No such domain')).toBeUndefined();
  });
});

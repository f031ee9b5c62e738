import { describe, expect, it } from 'vitest';
import {
  newDomainSnapshot,
  parseXml,
  readSnapshot,
  serializeXml,
  setSnapshotParent,
  snapshotDomains,
} from '../../../src/shared/libvirt-xml';

const DOMAIN = `<domain type='kvm'>
  <!-- kept -->
  <name>web-01</name>
  <uuid>0b6f4c52-6a55-4b1f-9d0e-0b1a7c2d3e4f</uuid>
  <description>two
lines</description>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

describe('domainsnapshot documents', () => {
  it('are laid out like snapshot-dumpxml, and give the embedded domain back unchanged', () => {
    const doc = newDomainSnapshot({
      name: 's1',
      description: 'a & b',
      state: 'running',
      parent: 's0',
      creationTime: 1_700_000_000.9,
      memory: 'internal',
      disks: [{ name: 'vda', snapshot: 'internal' }],
      domain: parseXml(DOMAIN).root,
    });
    const text = serializeXml(doc);
    expect(text).toBe(`<domainsnapshot>
  <name>s1</name>
  <description>a &amp; b</description>
  <state>running</state>
  <parent>
    <name>s0</name>
  </parent>
  <creationTime>1700000000</creationTime>
  <memory snapshot='internal'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
  </disks>
  <domain type='kvm'>
    <!-- kept -->
    <name>web-01</name>
    <uuid>0b6f4c52-6a55-4b1f-9d0e-0b1a7c2d3e4f</uuid>
    <description>two
lines</description>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <target dev='vda' bus='virtio'/>
      </disk>
    </devices>
  </domain>
</domainsnapshot>
`);
    const back = snapshotDomains(parseXml(text));
    expect(serializeXml(back.domain!)).toBe(DOMAIN);
    expect(back.inactive).toBeUndefined();
    expect(readSnapshot(parseXml(text))).toMatchObject({
      name: 's1',
      description: 'a & b',
      parent: 's0',
      creationTime: 1_700_000_000,
      memorySnapshot: 'internal',
      domainName: 'web-01',
    });
  });

  it('re-parents in place: a new parent, another one, none', () => {
    const doc = newDomainSnapshot({
      name: 's1',
      state: 'shutoff',
      creationTime: 1,
      memory: 'no',
      disks: [],
    });
    setSnapshotParent(doc, 'p1');
    expect(serializeXml(doc)).toContain(
      '<state>shutoff</state>\n  <parent>\n    <name>p1</name>\n  </parent>\n  <creationTime>',
    );
    setSnapshotParent(doc, 'p2');
    expect(readSnapshot(doc).parent).toBe('p2');
    setSnapshotParent(doc, null);
    expect(serializeXml(doc)).not.toContain('parent');
    expect(readSnapshot(doc).parent).toBeUndefined();
  });
});

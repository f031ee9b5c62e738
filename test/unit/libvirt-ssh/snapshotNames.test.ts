// snapshot-list output as virsh 9 printed it on the testbed for a domain with the snapshots
// `s1<TAB>b`, `s2<LF>nl` (libvirt accepts a line break in a snapshot name) and ` lead`.
import { describe, expect, it } from 'vitest';
import { parseSnapshotNames } from '../../../src/main/drivers/libvirt-ssh/snapshotNames';

const NAMES = 's1\tb\ns2\nnl\n lead\n';
const TABLE = [
  ' s1\\x09b    2026-12-05 08:22:06 +0000   shutoff',
  ' s2\\x0anl   2026-12-05 08:22:06 +0000   shutoff',
  '  lead      2026-12-05 08:22:06 +0000   shutoff',
].join('\n');

describe('snapshot names', () => {
  it('keeps TABs and edge spaces, and puts a name split by its line break back together', () => {
    const { sendable, unsendable } = parseSnapshotNames(NAMES, TABLE);
    expect(sendable).toEqual(['s1\tb', ' lead']);
    expect(unsendable).toEqual([
      { name: 's2\nnl', createdAt: Date.parse('2026-12-05T08:22:06+00:00'), state: 'shutoff' },
    ]);
  });

  it('keeps a real snapshot whose name is also a piece of a split one', () => {
    const { sendable, unsendable } = parseSnapshotNames(
      's2\ns2\nnl\n',
      ' s2         2026-12-05 08:22:06 +0000   shutoff\n s2\\x0anl   2026-12-05 08:22:06 +0000   shutoff',
    );
    expect(sendable).toEqual(['s2']);
    expect(unsendable.map((u) => u.name)).toEqual(['s2\nnl']);
  });

  it('lists every line as a name when the table is missing', () => {
    expect(parseSnapshotNames('a\n  b \n', '').sendable).toEqual(['a', '  b ']);
  });
});

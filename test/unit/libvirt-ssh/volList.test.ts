// vol-list rows as virsh 9 printed them on the testbed (C.UTF-8) for files made with hostile
// names in a dir pool at /tmp/hnprobe: the exact names come back, not what the column gap or the
// escaping makes of them.
import { describe, expect, it } from 'vitest';
import {
  escapeTable,
  parseVolList,
  unescapeTable,
} from '../../../src/main/drivers/libvirt-ssh/volList';

const ROWS = [
  '   lead              /tmp/hnprobe/  lead',
  ' --all               /tmp/hnprobe/--all',
  ' a\\x09b              /tmp/hnprobe/a\\x09b',
  ' dbl  sp             /tmp/hnprobe/dbl  sp',
  ' emoji😀x            /tmp/hnprobe/emoji😀x',
  ' lit\\x5cx09bs        /tmp/hnprobe/lit\\x5cx09bs',
  ' nl\\x0ax             /tmp/hnprobe/nl\\x0ax',
  ` q'"$(id)\`;#         /tmp/hnprobe/q'"$(id)\`;#`,
  ' trail               /tmp/hnprobe/trail ',
  ' é€                  /tmp/hnprobe/é€',
].join('\n');

const NAMES = [
  '  lead',
  '--all',
  'a\tb',
  'dbl  sp',
  'emoji😀x',
  'lit\\x09bs',
  'nl\nx',
  `q'"$(id)\`;#`,
  'trail ',
  'é€',
];

describe('vol-list rows', () => {
  it('gives every name and path exactly in a pool whose paths are TARGET/NAME', () => {
    const rows = parseVolList(`${ROWS}\n`, '/tmp/hnprobe');
    expect(rows.map((r) => r.name)).toEqual(NAMES);
    expect(rows.map((r) => r.path)).toEqual(NAMES.map((n) => `/tmp/hnprobe/${n}`));
  });

  it('splits other pools at the first wide gap', () => {
    expect(parseVolList(' unit:0:0:1   /dev/disk/by-path/ip-1:3260-lun-1\n', null)).toEqual([
      { name: 'unit:0:0:1', path: '/dev/disk/by-path/ip-1:3260-lun-1' },
    ]);
    expect(parseVolList(' sdb1   /dev/sdb1', '/dev')).toEqual([
      { name: 'sdb1', path: '/dev/sdb1' },
    ]);
  });

  it('escapes as virsh does and undoes it byte for byte', () => {
    for (const n of NAMES) expect(unescapeTable(escapeTable(n))).toBe(n);
    expect(escapeTable('a\\b\tc')).toBe('a\\x5cb\\x09c');
    expect(unescapeTable('\\xc3\\xa9')).toBe('é');
  });
});

// `iface-list --all` as the session's `virsh -q` prints it (no header) and as plain virsh does:
// every interface is named either way (dropping two lines unconditionally lost eth0 and the next).
import { describe, expect, it } from 'vitest';
import { ifaceNames } from '../../../src/main/drivers/libvirt-ssh/networkOps';

const ROWS = [
  ' eth0   active     02:fc:00:00:00:01',
  ' ifb0   inactive   22:de:40:90:0d:42',
  ' br0    active     1a:64:87:2e:c4:be',
];

describe('ifaceNames', () => {
  it('reads every row of the quiet table', () => {
    expect(ifaceNames(`${ROWS.join('\n')}\n\n`)).toEqual(['eth0', 'ifb0', 'br0']);
  });

  it('skips the header of the plain table', () => {
    const plain = [
      ' Name   State      MAC Address',
      '--------------------------------------',
      ...ROWS,
    ];
    expect(ifaceNames(plain.join('\n'))).toEqual(['eth0', 'ifb0', 'br0']);
  });
});

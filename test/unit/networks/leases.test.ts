// `virsh net-dhcp-leases` as libvirt 9 prints it, read into leases.
import { describe, expect, it } from 'vitest';
import { parseLeases } from '../../../src/main/drivers/libvirt-ssh/networkOps';

describe('parseLeases', () => {
  it('reads each row; a missing hostname is null; the header and an empty table give nothing', () => {
    const text = [
      ' Expiry Time           MAC address         Protocol   IP address           Hostname   Client ID or DUID',
      '------------------------------------------------------------------------------------------------------------',
      ' 2026-12-05 11:42:07   52:54:00:6b:2f:01   ipv4       192.168.122.45/24    web-01     01:52:54:00:6b:2f:01',
      ' 2026-12-05 11:50:00   52:54:00:AA:00:02   ipv4       192.168.122.46/24    -          -',
      '',
    ].join('\n');
    expect(parseLeases(text)).toEqual([
      {
        mac: '52:54:00:6b:2f:01',
        ip: '192.168.122.45',
        prefix: 24,
        hostname: 'web-01',
        expiresAt: Date.UTC(2026, 11, 5, 11, 42, 7),
      },
      {
        mac: '52:54:00:aa:00:02',
        ip: '192.168.122.46',
        prefix: 24,
        hostname: null,
        expiresAt: Date.UTC(2026, 11, 5, 11, 50, 0),
      },
    ]);
    expect(parseLeases(text.split('\n').slice(0, 2).join('\n'))).toEqual([]);
  });
});

// The rules a network definition must satisfy (the dialog as you type, both drivers for real),
// in libvirt's words where libvirt has them.
import { describe, expect, it } from 'vitest';
import type { Network, NetworkSpec } from '../../../src/shared/model';
import {
  checkNetworkSpec,
  defineNetworkProblem,
  nextVirbr,
  parseCidr,
  runningUsersText,
} from '../../../src/shared/networks';
import { networkSpecSchema } from '../../../src/shared/validation/networks';

const nat = (over: Partial<Extract<NetworkSpec, { subnet: string }>> = {}): NetworkSpec => ({
  kind: 'nat',
  name: 'lab',
  subnet: '192.168.100.0/24',
  dhcpStart: '192.168.100.2',
  dhcpEnd: '192.168.100.254',
  bridge: '',
  ...over,
});

const existing: Network = {
  hostId: 'h',
  name: 'default',
  uuid: '81ff0d90-c91e-6742-64da-4a736edb9a9b',
  kind: 'nat',
  forwardMode: 'nat',
  active: true,
  autostart: true,
  persistent: true,
  bridge: 'virbr0',
  devices: [],
  addresses: [{ family: 'ipv4', address: '192.168.122.1', prefix: 24, dhcpRange: null }],
  usedBy: [],
};

describe('checkNetworkSpec', () => {
  it('accepts a NAT network, an isolated one with no address and a bridge network', () => {
    expect(checkNetworkSpec(nat())).toEqual({});
    expect(
      checkNetworkSpec({
        kind: 'isolated',
        name: 'q',
        subnet: '',
        dhcpStart: '',
        dhcpEnd: '',
        bridge: '',
      }),
    ).toEqual({});
    expect(checkNetworkSpec({ kind: 'bridge', name: 'lan', bridge: 'br0' })).toEqual({});
  });

  it('refuses what libvirt or the guests could not use, one message per field', () => {
    expect(checkNetworkSpec(nat({ subnet: '' })).subnet).toMatch(/needs a subnet/);
    expect(checkNetworkSpec(nat({ subnet: '10.1.2.3/24' })).subnet).toBe(
      '10.1.2.3/24 is not a network address: use 10.1.2.0/24.',
    );
    expect(checkNetworkSpec(nat({ subnet: '10.0.0.0/31' })).subnet).toMatch(/between \/8 and \/30/);
    expect(checkNetworkSpec(nat({ subnet: '300.0.0.0/24' })).subnet).toMatch(/CIDR/);
    expect(checkNetworkSpec(nat({ dhcpEnd: '192.168.101.9' })).dhcpEnd).toBe(
      'range 192.168.100.2 - 192.168.101.9 is not entirely within network 192.168.100.1/24',
    );
    expect(
      checkNetworkSpec(nat({ dhcpStart: '192.168.100.200', dhcpEnd: '192.168.100.100' })).dhcpEnd,
    ).toBe('range 192.168.100.200 - 192.168.100.100 is reversed');
    expect(checkNetworkSpec(nat({ dhcpStart: '192.168.100.1' })).dhcpStart).toMatch(
      /host's own address 192.168.100.1/,
    );
    expect(checkNetworkSpec(nat({ dhcpEnd: '' })).dhcpEnd).toMatch(/IPv4 address/);
    expect(checkNetworkSpec(nat({ name: 'a b' })).name).toMatch(/may not contain/);
    expect(checkNetworkSpec(nat({ bridge: 'a-bridge-name-too-long' })).bridge).toMatch(/15/);
    expect(checkNetworkSpec({ kind: 'bridge', name: 'lan', bridge: '' }).bridge).toBe(
      'Bridge is required.',
    );
    expect(
      checkNetworkSpec({
        kind: 'isolated',
        name: 'q',
        subnet: '',
        dhcpStart: '10.0.0.2',
        dhcpEnd: '10.0.0.9',
        bridge: '',
      }).dhcpStart,
    ).toBe('DHCP needs a subnet.');
  });

  it('the request schema refuses the same, naming the field', () => {
    expect(() => networkSpecSchema(nat({ subnet: '10.0.0.0/33' }), 'spec')).toThrow(/spec.subnet/);
    expect(() => networkSpecSchema({ kind: 'routed', name: 'x' }, 'spec')).toThrow(/spec.kind/);
    expect(() => networkSpecSchema({ ...nat(), extra: 1 }, 'spec')).toThrow(/extra/);
    expect(networkSpecSchema(nat(), 'spec')).toEqual(nat());
  });
});

describe('defineNetworkProblem: what the host refuses, in libvirt words', () => {
  it('a name in use', () => {
    expect(defineNetworkProblem(nat({ name: 'default' }), [existing], [])).toEqual({
      code: 'CONFLICT',
      message:
        "operation failed: network 'default' already exists with uuid 81ff0d90-c91e-6742-64da-4a736edb9a9b",
      path: 'spec.name',
    });
  });

  it("a bridge name in use, by another network or the host's own bridge", () => {
    expect(defineNetworkProblem(nat({ bridge: 'virbr0' }), [existing], [])?.message).toBe(
      "bridge name 'virbr0' already in use.",
    );
    expect(defineNetworkProblem(nat({ bridge: 'br0' }), [existing], ['br0'])?.message).toBe(
      "bridge name 'br0' already in use.",
    );
  });

  it('an overlapping subnet, either way round', () => {
    expect(
      defineNetworkProblem(
        nat({ subnet: '192.168.0.0/16', dhcpStart: '', dhcpEnd: '' }),
        [existing],
        [],
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      message: 'Subnet 192.168.0.0/16 overlaps network default (192.168.122.0/24).',
    });
    expect(
      defineNetworkProblem(
        nat({ subnet: '192.168.122.128/25', dhcpStart: '', dhcpEnd: '' }),
        [existing],
        [],
      ),
    ).not.toBeNull();
    expect(defineNetworkProblem(nat(), [existing], [])).toBeNull();
  });

  it('a bridge network needs a bridge the host has', () => {
    expect(
      defineNetworkProblem({ kind: 'bridge', name: 'lan', bridge: 'br9' }, [existing], ['br0']),
    ).toMatchObject({ code: 'INVALID_INPUT', message: 'The host has no bridge br9: choose br0.' });
    expect(
      defineNetworkProblem({ kind: 'bridge', name: 'lan', bridge: 'br0' }, [], ['br0']),
    ).toBeNull();
  });

  it('libvirt picks the next free virbrN; who a stop cuts off, in words', () => {
    expect(nextVirbr([existing, { bridge: 'virbr1' }])).toBe('virbr2');
    expect(parseCidr('10.0.0.0/8')).toEqual({ base: 10 * 2 ** 24, prefix: 8 });
    expect(runningUsersText(existing)).toBeNull();
    expect(
      runningUsersText({
        usedBy: [
          { vmId: '1', vmName: 'web-01', running: true },
          { vmId: '2', vmName: 'db-01', running: false },
          { vmId: '3', vmName: 'ci', running: true },
        ],
      }),
    ).toBe('VMs web-01, ci have NICs on it');
  });
});

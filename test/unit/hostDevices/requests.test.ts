// The host device requests at the boundary: PCI addresses, MACs and VLAN tags checked before any
// driver sees them, routing refusing a driver without the capability, and the service serving
// sim2's devices.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../src/shared/api';
import { requestSchemas, validateRequest } from '../../../src/shared/validation';
import { hostDeviceHandlers } from '../../../src/main/service/hostDeviceHandlers';
import type { HypervisorDriver } from '../../../src/main/drivers/driver';
import { open, tempDir } from '../service/helpers';

const ok = {
  hostId: 'sim1',
  vmId: 'vm-1',
  address: '0000:41:02.1',
  as: 'interface',
  mac: '52:54:00:ab:cd:ef',
  vlan: 42,
  wholeGroup: false,
};

function refused(params: Record<string, unknown>): string {
  try {
    validateRequest('hostDeviceAssign', params);
  } catch (e) {
    expect(e).toMatchObject({ code: 'INVALID_INPUT' });
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('host device request schemas', () => {
  it('has a schema for every hostDevice method', () => {
    const methods = API_METHODS.filter((m) => m.startsWith('hostDevice'));
    expect(methods).toHaveLength(7);
    for (const m of methods) expect(typeof requestSchemas[m]).toBe('function');
  });

  it('accepts a VF with MAC and VLAN, and refuses bad addresses, MACs and tags', () => {
    expect(validateRequest('hostDeviceAssign', ok).params).toEqual(ok);
    expect(refused({ ...ok, address: '41:02.1' })).toBe('address: must be at least 12 characters');
    expect(refused({ ...ok, address: '0000:41:02.8' })).toBe(
      'address: must be a PCI address like 0000:41:02.1',
    );
    expect(refused({ ...ok, address: '0000:41:20.1' })).toMatch(/must be a PCI address/);
    expect(refused({ ...ok, mac: '01:00:5e:00:00:01' })).toBe(
      'mac: must be a unicast MAC address like 52:54:00:12:34:56',
    );
    expect(refused({ ...ok, vlan: 4095 })).toMatch(/^vlan: /);
    expect(refused({ ...ok, as: 'macvtap' })).toMatch(/^as: /);
    expect(refused({ ...ok, extra: 1 })).toMatch(/extra/);
    expect(() =>
      validateRequest('hostDeviceSetVfCount', { hostId: 'sim1', address: ok.address, count: -1 }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      validateRequest('hostDeviceCreateVfNetwork', {
        hostId: 'sim1',
        address: '0000:41:00.0',
        name: 'bad name',
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('routing', () => {
  it('refuses passthrough on a driver without it, naming the host', async () => {
    const driver = { getHost: () => ({ name: 'nas' }) } as unknown as HypervisorDriver;
    await expect(
      hostDeviceHandlers(() => driver).hostDeviceList({ hostId: 'r1' }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'PCI passthrough is not available on nas.',
    });
  });

  describe('through the service', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ dir, cleanup } = await tempDir()));
    afterEach(() => cleanup());

    it('serves sim2’s devices', async () => {
      const o = await open(dir);
      const inv = await o.call('hostDeviceList', { hostId: 'sim2' });
      expect(inv.devices.some((d) => d.address === '0000:b1:00.0')).toBe(true);
      await o.service.close();
    });
  });
});

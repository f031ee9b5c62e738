// The storage requests at the boundary: the pool definition union, New VM's optional disk source,
// and routing to a driver that has no storage (UNSUPPORTED).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../src/shared/api';
import { VirtdeskError } from '../../../src/shared/errors';
import { requestSchemas, validateRequest } from '../../../src/shared/validation';
import { storageHandlers } from '../../../src/main/service/storageHandlers';
import type { HypervisorDriver } from '../../../src/main/drivers/driver';
import { open, tempDir } from '../service/helpers';

function refusal(fn: () => unknown): VirtdeskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VirtdeskError);
    return e as VirtdeskError;
  }
  throw new Error('expected a refusal');
}

const rbd = {
  type: 'rbd',
  name: 'ceph',
  monitorHosts: ['mon1:6789'],
  rbdPool: 'rbd',
  authUser: 'admin',
  secretUuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87',
};

describe('storage request schemas', () => {
  it('has a schema for every storage method', () => {
    for (const m of API_METHODS.filter((m) => /^(pool|volume)/.test(m)))
      expect(typeof requestSchemas[m]).toBe('function');
  });

  it('picks the pool spec schema by type and keeps each closed', () => {
    expect(validateRequest('poolDefine', { hostId: 'sim1', spec: rbd }).params).toEqual({
      hostId: 'sim1',
      spec: rbd,
    });
    const extra = refusal(() =>
      validateRequest('poolDefine', { hostId: 'sim1', spec: { ...rbd, path: '/x' } }),
    );
    expect(extra).toMatchObject({ code: 'INVALID_INPUT', path: 'spec.path' });
    const type = refusal(() =>
      validateRequest('poolDefine', { hostId: 'sim1', spec: { ...rbd, type: 'zfs' } }),
    );
    expect(type.message).toBe('spec.type: must be one of dir, logical, netfs, rbd');
    const missing = refusal(() =>
      validateRequest('poolDefine', { hostId: 'sim1', spec: { type: 'dir', name: 'x' } }),
    );
    expect(missing.path).toBe('spec.path');
    const value = refusal(() =>
      validateRequest('poolDefine', {
        hostId: 'sim1',
        spec: { type: 'netfs', name: 'n', host: 'a b', exportPath: '/e', targetPath: '/t' },
      }),
    );
    expect(value).toMatchObject({
      path: 'spec.host',
      message: 'spec.host: Server must be a host name or an IP address.',
    });
    expect(
      refusal(() => validateRequest('poolDefine', { hostId: 'sim1', spec: 'dir' })).message,
    ).toMatch(/spec: expected an object/);
  });

  it('checks new names strictly and existing ones leniently', () => {
    const ok = { hostId: 'sim1', pool: 'odd name (virsh)', name: 'x y.img', newName: 'copy-1' };
    expect(validateRequest('volumeClone', ok).params).toEqual(ok);
    expect(refusal(() => validateRequest('volumeClone', { ...ok, newName: 'a b' })).path).toBe(
      'newName',
    );
    expect(
      refusal(() => validateRequest('volumeDelete', { hostId: 'sim1', pool: 'p', name: '../x' }))
        .path,
    ).toBe('name');
    expect(
      refusal(() =>
        validateRequest('volumeCreate', {
          hostId: 'sim1',
          pool: 'p',
          name: 'v',
          format: 'vmdk',
          capacityBytes: 1,
        }),
      ).path,
    ).toBe('format');
    expect(
      refusal(() =>
        validateRequest('volumeCreate', {
          hostId: 'sim1',
          pool: 'p',
          name: 'v',
          format: 'raw',
          capacityBytes: 0,
        }),
      ).path,
    ).toBe('capacityBytes');
    expect(
      refusal(() =>
        validateRequest('poolSetAutostart', { hostId: 'sim1', pool: 'p', autostart: 'yes' }),
      ).message,
    ).toBe('autostart: expected true or false, got a string');
  });

  it('lets New VM leave its disk source out, and checks it when given', () => {
    const spec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 20, network: 'default' };
    expect(validateRequest('vmCreate', { hostId: 'sim1', spec }).params).toEqual({
      hostId: 'sim1',
      spec,
    });
    const withDisk = { ...spec, disk: { pool: 'default', volume: null } };
    expect(validateRequest('vmCreate', { hostId: 'sim1', spec: withDisk }).params).toEqual({
      hostId: 'sim1',
      spec: withDisk,
    });
    expect(
      refusal(() => validateRequest('vmCreate', { hostId: 'sim1', spec: { ...spec, disk: null } }))
        .path,
    ).toBe('spec.disk');
    expect(
      refusal(() =>
        validateRequest('vmCreate', {
          hostId: 'sim1',
          spec: { ...spec, disk: { pool: 'default' } },
        }),
      ).path,
    ).toBe('spec.disk.volume');
  });
});

describe('routing', () => {
  it('refuses storage on a driver without it, naming the host', async () => {
    const driver = { getHost: () => ({ name: 'nas' }) } as unknown as HypervisorDriver;
    const handlers = storageHandlers(() => driver);
    await expect(handlers.poolList({ hostId: 'r1' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'Storage pools are not available on nas.',
    });
  });

  describe('through the service', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ dir, cleanup } = await tempDir()));
    afterEach(() => cleanup());

    it('serves sim1 and announces changes as storage-changed events', async () => {
      const o = await open(dir);
      const pools = await o.call('poolList', { hostId: 'sim1' });
      expect(pools.map((p) => p.name)).toContain('scratch');
      o.events.length = 0;
      await o.call('volumeCreate', {
        hostId: 'sim1',
        pool: 'scratch',
        name: 'v',
        format: 'raw',
        capacityBytes: 1024,
      });
      expect(o.events).toEqual([{ type: 'storage-changed', hostId: 'sim1' }]);
      await o.service.close();
      const again = await open(dir);
      expect(
        (await again.call('volumeList', { hostId: 'sim1', pool: 'scratch' })).map((v) => v.name),
      ).toContain('v');
      await again.service.close();
    });
  });
});

import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import type { Host } from '../../../src/shared/model';
import { validateNewVmForm, validateRequest } from '../../../src/shared/validation';

function refusal(fn: () => unknown): VirtdeskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VirtdeskError);
    return e as VirtdeskError;
  }
  throw new Error('expected a refusal');
}

const goodSpec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 20, network: 'default' };

describe('validateRequest', () => {
  it('accepts a well-formed request and returns its params', () => {
    expect(validateRequest('vmCreate', { hostId: 'sim1', spec: goodSpec })).toEqual({
      method: 'vmCreate',
      params: { hostId: 'sim1', spec: goodSpec },
    });
    expect(validateRequest('hostList', undefined)).toEqual({ method: 'hostList', params: {} });
    const define = { hostId: 'sim1', vmId: 'x', xml: "<domain type='kvm'/>" };
    expect(validateRequest('vmDefineXml', define).params).toEqual(define);
  });

  it.each(['rmrf', '__proto__', 'constructor', 'toString', '', 7, null, undefined, { m: 1 }])(
    'refuses unknown method %j',
    (method) => {
      const e = refusal(() => validateRequest(method, {}));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(/Unknown method/);
    },
  );

  it('refuses extra keys, naming them', () => {
    const e = refusal(() => validateRequest('vmStart', { hostId: 'sim1', vmId: 'x', cmd: 'ls' }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', path: 'cmd' });
    expect(e.message).toMatch(/cmd: is not allowed/);
    const nested = refusal(() =>
      validateRequest('vmCreate', { hostId: 'sim1', spec: { ...goodSpec, xml: '<domain/>' } }),
    );
    expect(nested.path).toBe('spec.xml');
  });

  it.each([
    ['vmStart', { hostId: 1, vmId: 'x' }, 'hostId', /expected a string, got number/],
    ['vmStart', { hostId: 'sim1' }, 'vmId', /expected a string, got undefined/],
    ['vmStart', 'sim1', undefined, /expected an object, got a string/],
    ['vmStart', [], undefined, /expected an object, got an array/],
    ['vmStart', { hostId: 'sim1', vmId: '../../etc' }, 'vmId', /invalid format/],
    ['vmCreate', { hostId: 'sim1', spec: { ...goodSpec, vcpus: '2' } }, 'spec.vcpus', /integer/],
    ['vmCreate', { hostId: 'sim1', spec: { ...goodSpec, vcpus: 1.5 } }, 'spec.vcpus', /integer/],
    [
      'vmCreate',
      { hostId: 'sim1', spec: { ...goodSpec, memoryMiB: 1 } },
      'spec.memoryMiB',
      /between/,
    ],
    ['vmCreate', { hostId: 'sim1', spec: { ...goodSpec, diskGiB: -1 } }, 'spec.diskGiB', /between/],
    ['vmCreate', { hostId: 'sim1', spec: null }, 'spec', /got null/],
    ['noticeDismiss', { noticeId: 5 }, 'noticeId', /expected a string/],
    ['vmDefineXml', { hostId: 'sim1', vmId: 'x' }, 'xml', /expected a string, got undefined/],
    ['vmDefineXml', { hostId: 'sim1', vmId: 'x', xml: '' }, 'xml', /at least 1 characters/],
    [
      'vmDefineXml',
      { hostId: 'sim1', vmId: 'x', xml: '<'.repeat(10 * 1024 * 1024 + 1) },
      'xml',
      /at most 10485760 characters/,
    ],
    ['vmGetXml', { hostId: 'sim1', vmId: 'x', live: true }, 'live', /is not allowed/],
    ['volumeList', { hostId: 'sim1', pool: 'a/b' }, 'pool', /may not contain '\/'/],
    // A tab is a name libvirt lists (and virsh can be sent); a line break cannot be sent.
    ['volumeList', { hostId: 'sim1', pool: 'img\npool' }, 'pool', /line breaks/],
  ])('%s refuses %j at %s', (method, params, path, message) => {
    const e = refusal(() => validateRequest(method, params));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it.each([
    ['a;rm -rf /', /'\/'/],
    ['$(reboot)', /\$ \( \)/],
    ['../x', /'\/'/],
    ['x'.repeat(10 * 1024), /at most 10000 characters/],
    ['bad\u0007name', /control characters/],
    ['', /required/],
  ])('refuses VM name %j', (name, message) => {
    const e = refusal(() =>
      validateRequest('vmCreate', { hostId: 'sim1', spec: { ...goodSpec, name } }),
    );
    expect(e).toMatchObject({ code: 'INVALID_INPUT', path: 'spec.name' });
    expect(e.message).toMatch(message);
  });

  it('refuses a hostile network name too', () => {
    const e = refusal(() =>
      validateRequest('vmCreate', {
        hostId: 'sim1',
        spec: { ...goodSpec, network: 'default; reboot' },
      }),
    );
    expect(e.path).toBe('spec.network');
    expect(e.message).toMatch(/Network may not contain/);
  });
});

describe('validateNewVmForm', () => {
  const host: Pick<Host, 'networks' | 'hardware'> = {
    networks: ['default', 'br0-lan'],
    hardware: {
      cpuModel: 'test',
      sockets: 1,
      coresPerSocket: 4,
      threadsPerCore: 2,
      memoryKiB: 16 * 1024 * 1024,
      numaNodes: [],
      pciDevices: [],
    },
  };
  const form = { name: 'web-01', vcpus: '2', memoryMiB: '2048', diskGiB: '20', network: 'default' };

  it('turns good text inputs into a spec', () => {
    expect(validateNewVmForm(form, host, [])).toEqual({ errors: {}, spec: goodSpec });
  });

  it('reports every bad field at once', () => {
    const r = validateNewVmForm(
      { name: '$(reboot)', vcpus: '9', memoryMiB: '999999', diskGiB: 'lots', network: 'wan' },
      host,
      [],
    );
    expect(r.spec).toBeNull();
    expect(r.errors.name).toMatch(/may not contain/);
    expect(r.errors.vcpus).toMatch(/8 CPUs/);
    expect(r.errors.memoryMiB).toMatch(/16384 MiB/);
    expect(r.errors.diskGiB).toMatch(/whole number/);
    expect(r.errors.network).toMatch(/network/);
  });

  it('refuses a duplicate name and zero vCPUs', () => {
    const r = validateNewVmForm({ ...form, vcpus: '0' }, host, [{ name: 'web-01' }]);
    expect(r.errors.name).toMatch(/already exists/);
    expect(r.errors.vcpus).toMatch(/at least 1/);
  });

  it('allows a VM without a disk', () => {
    expect(validateNewVmForm({ ...form, diskGiB: '0' }, host, []).spec?.diskGiB).toBe(0);
  });
});

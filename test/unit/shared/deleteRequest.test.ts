// The vmDelete request: a closed object with a bounded list of closed disk choices.
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../src/shared/validation';

const ref = { hostId: 'sim1', vmId: 'u1' };
const vda = { target: 'vda', source: '/var/lib/libvirt/images/web.qcow2' };

function refused(params: unknown): { code: string; path?: string; message: string } {
  try {
    validateRequest('vmDelete', params);
  } catch (e) {
    return e as { code: string; path?: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('vmDelete request', () => {
  it('accepts the disks to delete, none included', () => {
    expect(validateRequest('vmDelete', { ...ref, disks: [vda] }).params).toEqual({
      ...ref,
      disks: [vda],
    });
    expect(validateRequest('vmDelete', { ...ref, disks: [] }).params).toEqual({
      ...ref,
      disks: [],
    });
    expect(validateRequest('vmDeletePlan', ref).params).toEqual(ref);
  });

  it.each([
    [{ ...ref }, 'disks', /expected a list/],
    [{ ...ref, withStorage: true, disks: [] }, 'withStorage', /not allowed/],
    [{ ...ref, disks: [{ ...vda, pool: 'x' }] }, 'disks[0].pool', /not allowed/],
    [{ ...ref, disks: [{ target: 'vda' }] }, 'disks[0].source', /expected a string/],
    [{ ...ref, disks: [{ ...vda, target: 'vd a' }] }, 'disks[0].target', /invalid format/],
    [{ ...ref, disks: [{ ...vda, source: '' }] }, 'disks[0].source', /at least 1/],
    [{ ...ref, disks: [{ ...vda, source: 'a\nb' }] }, 'disks[0].source', /invalid format/],
    [{ ...ref, disks: 'vda' }, 'disks', /expected a list/],
    [{ ...ref, disks: Array.from({ length: 257 }, () => vda) }, 'disks', /at most 256/],
  ])('refuses %j at %s', (params, path, message) => {
    const e = refused(params);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});

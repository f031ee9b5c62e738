// The schema pieces the request schemas share: a reference to an existing libvirt object, a new
// name, and a definition checked field by field (refineFields) with the first problem's path.
import { describe, expect, it } from 'vitest';
import { libvirtRef, newName } from '../../../src/shared/validation/names';
import { obj, refineFields, str } from '../../../src/shared/validation/schema';

describe('libvirtRef / newName', () => {
  it('takes any name libvirt lists but one with / or a line break', () => {
    expect(libvirtRef(' odd\tname ', 'pool')).toBe(' odd\tname ');
    expect(() => libvirtRef('a/b', 'pool')).toThrow("pool: may not contain '/'");
    expect(() => libvirtRef('a\nb', 'pool')).toThrow('pool: may not contain line breaks');
    expect(() => libvirtRef('', 'pool')).toThrow(/pool: must be at least 1/);
  });

  it('checks a new name with the name rules, naming what it is', () => {
    expect(newName('Pool name')('data', 'spec.name')).toBe('data');
    expect(() => newName('Pool name')('', 'spec.name')).toThrow(
      'spec.name: Pool name is required.',
    );
  });
});

describe('refineFields', () => {
  const pair = refineFields(
    obj<{ a: string; b: string }>({ a: str({ max: 9 }), b: str({ max: 9 }) }),
    (v) => ({
      ...(v.a === '' ? { a: 'A is empty.' } : {}),
      ...(v.b === '' ? { b: 'B is empty.' } : {}),
    }),
  );

  it('returns a value with no problem, and refuses the first problem at path.field', () => {
    expect(pair({ a: '1', b: '2' }, 'spec')).toEqual({ a: '1', b: '2' });
    expect(() => pair({ a: '', b: '' }, 'spec')).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: 'spec.a: A is empty.',
        path: 'spec.a',
      }),
    );
    expect(() => pair({ a: '1', b: '' }, '')).toThrow(
      expect.objectContaining({ message: 'b: B is empty.', path: 'b' }),
    );
  });

  it('checks the shape first', () => {
    expect(() => pair({ a: '1' }, 'spec')).toThrow(/spec\.b/);
  });
});

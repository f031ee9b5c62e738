import { describe, expect, it } from 'vitest';
import { API_METHODS, isApiMethod } from '../../../src/shared/api';
import { VirtdeskError, isErrorCode, toWireError } from '../../../src/shared/errors';
import { VM_STATES } from '../../../src/shared/model';

describe('model and api tables', () => {
  it('lists every libvirt domain state once', () => {
    expect(new Set(VM_STATES).size).toBe(7);
    expect(VM_STATES).toEqual(
      expect.arrayContaining(['running', 'paused', 'shutdown', 'shutoff', 'crashed']),
    );
  });

  it('recognises api methods only from the allow-list', () => {
    for (const m of API_METHODS) expect(isApiMethod(m)).toBe(true);
    for (const m of ['constructor', '__proto__', 'toString', 'vmstart', '', 42, null]) {
      expect(isApiMethod(m)).toBe(false);
    }
  });
});

describe('errors on the wire', () => {
  it('round-trips a VirtdeskError with its path', () => {
    const e = new VirtdeskError('INVALID_INPUT', 'spec.name: bad', 'spec.name');
    const back = VirtdeskError.fromWire(JSON.parse(JSON.stringify(e.toWire())));
    expect(back).toBeInstanceOf(VirtdeskError);
    expect(back).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'spec.name: bad',
      path: 'spec.name',
    });
  });

  it('turns foreign errors into INTERNAL without a stack', () => {
    const wire = toWireError(new TypeError('boom'));
    expect(wire).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('nope')).toBe(false);
  });
});

// A batched virsh command's output (virsh.ts stdoutOf): its stdout, its own error, or the caller's
// error when the batch gave no reply for it.
import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import { stdoutOf } from '../../../src/main/drivers/libvirt-ssh/virsh';

describe('stdoutOf', () => {
  it('gives the stdout of a command that succeeded', () => {
    expect(stdoutOf({ ok: true, stdout: '<pool/>' }, 'INTERNAL', 'no reply')).toBe('<pool/>');
  });

  it('throws the command’s own error', () => {
    const error = new VirtdeskError('NOT_FOUND', 'no pool named x');
    expect(() => stdoutOf({ ok: false, error }, 'INTERNAL', 'no reply')).toThrow(error);
  });

  it('throws the given code and words when the batch had no reply', () => {
    expect(() => stdoutOf(undefined, 'HOST_ERROR', 'no capabilities')).toThrow(
      expect.objectContaining({ code: 'HOST_ERROR', message: 'no capabilities' }),
    );
  });
});

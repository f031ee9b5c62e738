// virsh's `error:` lines (as libvirt 9.0 prints them) mapped to the codes the UI acts on.
import { describe, expect, it } from 'vitest';
import { commandFailure, virshError } from '../../../src/main/drivers/libvirt-ssh/virshErrors';

const code = (stderr: string) => virshError(stderr, 'h1')?.code;

describe('virshError', () => {
  it('has no error for a clean reply', () => {
    expect(virshError('', 'h1')).toBeNull();
    expect(virshError('warning: something\n', 'h1')).toBeNull();
  });

  it('maps missing domains to NOT_FOUND with libvirt’s message', () => {
    const e = virshError("error: failed to get domain 'vd-nope'\n", 'h1');
    expect(e?.code).toBe('NOT_FOUND');
    expect(e?.message).toBe("failed to get domain 'vd-nope'");
    expect(code("error: Domain not found: no domain with matching uuid '1234'\n")).toBe(
      'NOT_FOUND',
    );
  });

  it('maps state conflicts to INVALID_STATE', () => {
    expect(
      code(
        "error: Failed to start domain 'vd-tiny'\nerror: Requested operation is not valid: domain is already running\n",
      ),
    ).toBe('INVALID_STATE');
    expect(code('error: Domain is already active\n')).toBe('INVALID_STATE');
    expect(
      code(
        "error: Failed to destroy domain 'a'\nerror: Requested operation is not valid: domain is not running\n",
      ),
    ).toBe('INVALID_STATE');
  });

  it('keeps every other libvirt error as HOST_ERROR, joined', () => {
    const e = virshError(
      "error: Failed to define domain from /dev/stdin\nerror: unsupported configuration: Emulator '/x' does not support machine type 'pc-q35-9.2'\n",
      'h1',
    );
    expect(e?.code).toBe('HOST_ERROR');
    expect(e?.message).toContain("does not support machine type 'pc-q35-9.2'");
    expect(e?.message).not.toContain('error:');
  });

  it('says libvirtd is unreachable when it is', () => {
    const e = virshError(
      "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n",
      'kvm1',
    );
    expect(e?.code).toBe('HOST_ERROR');
    expect(e?.message).toBe(
      "libvirtd is not reachable on kvm1: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
    );
  });
});

describe('virsh reconnecting after a libvirtd restart', () => {
  it('is a notice when the command then ran', () => {
    const stderr =
      'error: Disconnected from qemu:///system due to end of file\nerror: Reconnected to the hypervisor\n';
    expect(virshError(stderr, 'h1')).toBeNull();
  });
  it('is an error when the command still failed', () => {
    const stderr =
      "error: Disconnected from qemu:///system due to end of file\nerror: Reconnected to the hypervisor\nerror: failed to get domain 'x'\n";
    expect(virshError(stderr, 'h1')).toMatchObject({
      code: 'NOT_FOUND',
      message: "failed to get domain 'x'",
    });
    expect(code('error: Failed to reconnect to the hypervisor\n')).toBe('HOST_ERROR');
  });
});

describe('commandFailure', () => {
  it('names a missing virsh', () => {
    const e = commandFailure(127, 'sh: 1: virsh: not found\n', 'kvm1');
    expect(e.message).toMatch(/virsh is not installed on kvm1/);
  });
});

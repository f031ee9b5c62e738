import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import { parseLibvirtUri, type SshLibvirtTarget } from '../../../src/main/ssh/libvirtUri';

function ssh(input: string): SshLibvirtTarget {
  const t = parseLibvirtUri(input);
  if (t.kind !== 'ssh') throw new Error(`expected an ssh target for ${input}`);
  return t;
}

function refusal(input: string): VirtdeskError {
  try {
    parseLibvirtUri(input);
  } catch (e) {
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as VirtdeskError).code).toBe('INVALID_INPUT');
    return e as VirtdeskError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('parseLibvirtUri: what virsh accepts', () => {
  it('reads user, host, port and path of a qemu+ssh URI', () => {
    expect(ssh('qemu+ssh://root@kvm1.lan:2222/system')).toMatchObject({
      kind: 'ssh',
      transport: 'ssh',
      user: 'root',
      host: 'kvm1.lan',
      port: 2222,
      path: '/system',
      keyfile: null,
      socket: null,
      uri: 'qemu+ssh://root@kvm1.lan:2222/system',
    });
    expect(ssh('qemu+ssh://kvm1/session')).toMatchObject({
      user: null,
      port: null,
      path: '/session',
    });
  });

  it('canonicalises: scheme and host lower-cased, whitespace around trimmed, /system by default', () => {
    expect(ssh('  QEMU+SSH://Admin@KVM1.Lan/system \n').uri).toBe(
      'qemu+ssh://Admin@kvm1.lan/system',
    );
    const t = ssh('qemu+ssh://kvm1');
    expect(t.uri).toBe('qemu+ssh://kvm1/system');
    expect(t.warnings.join()).toMatch(/using \/system/);
    expect(ssh('qemu+libssh2://kvm1/system').uri).toBe('qemu+ssh://kvm1/system');
  });

  it('keeps keyfile and socket, %-decoded, and writes them back canonically', () => {
    const t = ssh(
      'qemu+ssh://u@h/system?socket=/run/libvirt/libvirt-sock&keyfile=%2Fhome%2Fu%2F.ssh%2Fid%20lab',
    );
    expect(t.keyfile).toBe('/home/u/.ssh/id lab');
    expect(t.socket).toBe('/run/libvirt/libvirt-sock');
    expect(t.uri).toBe(
      'qemu+ssh://u@h/system?keyfile=/home/u/.ssh/id%20lab&socket=/run/libvirt/libvirt-sock',
    );
    expect(ssh(t.uri)).toEqual(t);
  });

  it('ignores harmless parameters with a note and refuses ones that change what runs', () => {
    expect(ssh('qemu+ssh://h/system?no_tty=1').warnings.join()).toMatch(/no_tty has no effect/);
    expect(ssh('qemu+ssh://h/system?no_verify=0').uri).toBe('qemu+ssh://h/system');
    expect(refusal('qemu+ssh://h/system?no_verify=1').message).toMatch(/always verifies host keys/);
    expect(refusal('qemu+ssh://h/system?command=/bin/sh').message).toMatch(
      /command= is not supported/,
    );
    expect(refusal('qemu+ssh://h/system?netcat=nc').message).toMatch(/netcat/);
    expect(refusal('qemu+ssh://h/system?bogus=1').message).toMatch(/Unknown URI parameter "bogus"/);
    expect(refusal('qemu+ssh://h/system?keyfile=a&keyfile=b').message).toMatch(/given twice/);
    expect(refusal('qemu+ssh://h/system?socket=relative').message).toMatch(/absolute path/);
    expect(refusal('qemu+ssh://h/system?keyfile=%E0%A4%A').message).toMatch(/Malformed/);
    expect(refusal('qemu+ssh://h/system?socket=/a;command=/b').message).toMatch(
      /may not contain ';'/,
    );
    expect(ssh('qemu+ssh://h/system?keyfile=/k/a+b%3Bc').keyfile).toBe('/k/a+b;c');
  });

  it('reads IPv6 hosts in brackets, with or without a port', () => {
    expect(ssh('qemu+ssh://root@[::1]:2222/system')).toMatchObject({ host: '::1', port: 2222 });
    expect(ssh('qemu+ssh://[FE80::1]/system').uri).toBe('qemu+ssh://[fe80::1]/system');
    expect(ssh('[::1]:22')).toMatchObject({ host: '::1', port: 22 });
    expect(ssh('::1')).toMatchObject({ host: '::1', port: null });
    expect(refusal('qemu+ssh://::1/system').message).toMatch(/brackets/);
    expect(refusal('qemu+ssh://[::1/system').message).toMatch(/closing '\]'/);
  });

  it('turns a bare host alias into qemu+ssh://alias/system', () => {
    expect(ssh('myhost')).toMatchObject({
      host: 'myhost',
      user: null,
      port: null,
      uri: 'qemu+ssh://myhost/system',
    });
    expect(ssh('me@lab-box_2:2200').uri).toBe('qemu+ssh://me@lab-box_2:2200/system');
  });

  it("reads this machine's libvirt as kind local, in the canonical form virsh -c takes", () => {
    const local = (uri: string) => {
      const t = parseLibvirtUri(uri);
      if (t.kind !== 'local') throw new Error(`${uri} is not local`);
      return t;
    };
    expect(local('qemu:///system')).toEqual({
      kind: 'local',
      path: '/system',
      socket: null,
      uri: 'qemu:///system',
    });
    expect(local('qemu+unix:///session').uri).toBe('qemu:///session');
    expect(local('qemu+unix:///system?socket=/run/my%20libvirt/sock')).toEqual({
      kind: 'local',
      path: '/system',
      socket: '/run/my libvirt/sock',
      uri: 'qemu+unix:///system?socket=/run/my%20libvirt/sock',
    });
  });

  it('refuses parameters a local connection has no use for', () => {
    expect(refusal('qemu:///system?keyfile=/k').message).toMatch(/only the socket parameter/);
    expect(refusal('qemu:///system?no_tty=1').message).toMatch(/only the socket parameter/);
    expect(refusal('qemu+unix:///system?socket=rel/sock').message).toMatch(/absolute path/);
    expect(refusal('qemu:///other').message).toMatch(/must be \/system or \/session/);
  });
});

describe('parseLibvirtUri: refusals name the problem', () => {
  it('refuses other drivers and transports', () => {
    expect(refusal('xen://h/').message).toMatch(/Unsupported URI scheme "xen"/);
    expect(refusal('http://h/system').message).toMatch(/Unsupported URI scheme "http"/);
    expect(refusal('qemu+tls://h/system').message).toMatch(/connects over SSH/);
    expect(refusal('qemu://h/system').message).toMatch(/use qemu\+ssh:\/\/h\/system/);
    expect(refusal('qemu:/system').message).toMatch(/not a libvirt URI/);
  });

  it('refuses a missing host, a bad port and other paths', () => {
    expect(refusal('qemu+ssh:///system').message).toMatch(/no host/);
    expect(refusal('qemu+ssh://u@/system').message).toMatch(/host name is missing/);
    expect(refusal('qemu+ssh://@h/system').message).toMatch(/user name before "@" is empty/);
    for (const port of ['0', '65536', 'ssh', '', '-1', '22x', '0x16']) {
      expect(refusal(`qemu+ssh://h:${port}/system`).message).toMatch(
        /Port must be a number from 1 to 65535/,
      );
    }
    expect(refusal('qemu+ssh://h/foo').message).toMatch(/\/system or \/session \(got "\/foo"\)/);
    expect(refusal('qemu+ssh://h/system/').message).toMatch(/\/system or \/session/);
    expect(refusal('').message).toMatch(/Enter a libvirt URI/);
  });

  it.each([
    ['qemu+ssh://h;reboot/system', "';'"],
    ['qemu+ssh://$(reboot)@h/system', "'$'"],
    ['qemu+ssh://`id`@h/system', 'a backtick'],
    ['qemu+ssh://"h"/system', 'a quote (")'],
    ["qemu+ssh://o'brien@h/system", "a quote (')"],
    ['qemu+ssh://my host/system', 'spaces'],
    ['qemu+ssh://h\n/system', 'control characters (\\n)'],
    ['my host', 'spaces'],
    ['h|nc', "'|'"],
    ['qemu+ssh://a@b@h/system', "more than one '@'"],
    ['qemu+ssh://h%3b/system', "'%'"],
    ['qemu+ssh://h/system#frag', "'#'"],
  ])('refuses %j and names %s', (input, named) => {
    expect(refusal(input).message).toContain(named);
  });

  it('refuses names that an ssh command line would read as an option', () => {
    expect(refusal('qemu+ssh://-oProxyCommand=x/system').message).toMatch(/may not contain '='/);
    expect(refusal('-oProxyCommand=x').message).toMatch(/may not contain '='/);
    expect(refusal('qemu+ssh://-l@h/system').message).toMatch(/may not start with '-'/);
    expect(refusal('qemu+ssh://-evil/system').message).toMatch(/may not start with '-'/);
  });

  it('refuses a 10 kB string before doing any work on it, without echoing it', () => {
    const huge = `qemu+ssh://${'a'.repeat(10_000)}/system`;
    const e = refusal(huge);
    expect(e.message).toMatch(/too long \(10018 characters; at most 2048\)/);
    expect(e.message.length).toBeLessThan(200);
    expect(refusal(`qemu+ssh://${'a'.repeat(300)}/system`).message).toMatch(/at most 253/);
  });
});

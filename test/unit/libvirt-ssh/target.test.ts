// Where a qemu+ssh:// URI leads: the URI beats ~/.ssh/config, its keyfile goes first, ProxyJump
// hops are resolved through the same config, and virsh on the host gets the matching local URI.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/main/drivers/libvirt-ssh/backoff';
import { resolveTarget, tildePath } from '../../../src/main/drivers/libvirt-ssh/target';

const homes: string[] = [];
function home(config: string): string {
  const h = mkdtempSync(join(tmpdir(), 'vd-target-'));
  homes.push(h);
  mkdirSync(join(h, '.ssh'));
  writeFileSync(join(h, '.ssh', 'config'), config);
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe('resolveTarget', () => {
  it('merges the URI with ~/.ssh/config, URI first', () => {
    const h = home(
      'Host kvm1\n  HostName 10.0.0.5\n  User admin\n  Port 2200\n  IdentityFile ~/.ssh/kvm\n  ProxyJump bastion\nHost bastion\n  HostName 10.0.0.1\n  User jump\n',
    );
    const t = resolveTarget('qemu+ssh://root@kvm1/system?keyfile=~/.ssh/uri-key', {
      home: h,
      localUser: 'me',
    });
    expect(t).toMatchObject({
      hostName: '10.0.0.5',
      user: 'root',
      port: 2200,
      label: 'root@10.0.0.5:2200',
      identityFiles: [join(h, '.ssh/uri-key'), join(h, '.ssh/kvm')],
      virshUri: 'qemu:///system',
      jumps: [{ hostName: '10.0.0.1', user: 'jump', port: 22 }],
    });
  });

  it('follows the first jump host’s own ProxyJump, like ssh -J, and not the later ones’', () => {
    const h = home(
      [
        'Host kvm1\n  ProxyJump inner,edge',
        'Host inner\n  HostName 10.0.0.2\n  ProxyJump outer',
        'Host outer\n  HostName 203.0.113.1\n  Port 2022',
        'Host edge\n  HostName 10.0.0.3\n  ProxyJump ignored-because-on-the-command-line',
        '',
      ].join('\n'),
    );
    const t = resolveTarget('qemu+ssh://kvm1/system', { home: h, localUser: 'me' });
    expect(t.jumps.map((j) => `${j.hostName}:${j.port}`)).toEqual([
      '203.0.113.1:2022',
      '10.0.0.2:22',
      '10.0.0.3:22',
    ]);
    expect(t.hostName).toBe('kvm1');
  });

  it('refuses a ProxyJump loop instead of connecting forever', () => {
    const h = home('Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    expect(() => resolveTarget('qemu+ssh://a/system', { home: h, localUser: 'me' })).toThrow(
      /more than 8 jump hosts to reach .*ProxyJump loop/,
    );
  });

  it('runs the first hop through its ProxyCommand, the target’s when it has no jumps', () => {
    const h = home('Host kvm1\n  ProxyCommand ssh -W %h:%p gw\nHost kvm2\n  ProxyJump kvm1\n');
    const direct = resolveTarget('qemu+ssh://kvm1/system', { home: h, localUser: 'me' });
    expect(direct.proxyCommand).toBe('ssh -W kvm1:22 gw');
    expect(direct.jumps).toEqual([]);
    const jumped = resolveTarget('qemu+ssh://kvm2/system', { home: h, localUser: 'me' });
    expect(jumped.jumps.map((j) => j.proxyCommand)).toEqual(['ssh -W kvm1:22 gw']);
    expect(jumped.proxyCommand).toBeNull();
  });

  it('uses the socket parameter and /session for virsh on the host', () => {
    const h = home('');
    const t = resolveTarget('qemu+ssh://h/session?socket=/run/user/1000/libvirt/libvirt-sock', {
      home: h,
      localUser: 'me',
    });
    expect(t.virshUri).toBe('qemu+unix:///session?socket=/run/user/1000/libvirt/libvirt-sock');
    expect(t.user).toBe('me');
  });

  it('refuses local URIs with the parser’s explanation', () => {
    expect(() => resolveTarget('qemu:///system', { home: home(''), localUser: 'me' })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    );
  });

  it('shortens paths under home like ssh prints them', () => {
    expect(tildePath('/home/a/.ssh/id_rsa', '/home/a')).toBe('~/.ssh/id_rsa');
    expect(tildePath('/etc/key', '/home/a')).toBe('/etc/key');
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s to at most 30 s, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoffDelay(n, mid))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1200);
    expect(backoffDelay(9, () => 1)).toBe(30000);
  });
});

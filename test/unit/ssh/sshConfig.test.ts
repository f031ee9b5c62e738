import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VirtdeskError } from '../../../src/shared/errors';
import { resolveSshHost, type ResolveOptions } from '../../../src/main/ssh/sshConfig';
import { formatHostPort } from '../../../src/main/ssh/userHostPort';
import { makeTempDir } from './keys';

const home = '/home/ann';
const base = { home, localUser: 'ann' };

/** An in-memory file tree for Include tests. */
function tree(files: Record<string, string>): Pick<ResolveOptions, 'readFile' | 'listDir'> {
  return {
    readFile: (p) => files[p] ?? null,
    listDir: (dir) => {
      const names = Object.keys(files)
        .filter((f) => path.dirname(f) === dir)
        .map((f) => path.basename(f));
      return names.length > 0 ? names : null;
    },
  };
}

describe('resolveSshHost: keywords and precedence', () => {
  it('uses ssh defaults when the config says nothing', () => {
    expect(resolveSshHost('KVM1', { ...base, configText: '' })).toEqual({
      host: 'kvm1',
      hostName: 'kvm1',
      user: 'ann',
      port: 22,
      identityFiles: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => `${home}/.ssh/${n}`),
      identitiesOnly: false,
      proxyJump: [],
      proxyCommand: null,
      userKnownHostsFiles: [`${home}/.ssh/known_hosts`, `${home}/.ssh/known_hosts2`],
      globalKnownHostsFiles: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      strictHostKeyChecking: 'ask',
      hostKeyAlias: null,
      notes: [],
    });
  });

  it('takes the first value for each keyword, accumulates IdentityFile, expands tokens last', () => {
    const configText = [
      '# lab hosts',
      'HOST kvm?  # trailing comment',
      '  hostname=%h.lab.example',
      '  User = "ops team"',
      '  IdentityFile ~/.ssh/lab_%h_%r',
      '\tIdentityFile "%d/keys/%u %%p=%p"',
      'Host *',
      '  HostName ignored.example',
      '  User fallback',
      '  Port 2200',
      '  IdentityFile ~/.ssh/common',
      '  IdentityFile ~/.ssh/common',
    ].join('\n');
    const r = resolveSshHost('kvm1', { ...base, configText });
    expect(r.hostName).toBe('kvm1.lab.example');
    expect(r.user).toBe('ops team');
    expect(r.port).toBe(2200);
    expect(r.identityFiles).toEqual([
      `${home}/.ssh/lab_kvm1.lab.example_ops team`,
      `${home}/keys/ann %p=2200`,
      `${home}/.ssh/common`,
    ]);
    // Values from the connection URI beat the file, like ssh's command line, and feed %r.
    const o = resolveSshHost('kvm1', { ...base, configText, user: 'root', port: 2222 });
    expect([o.user, o.port, o.identityFiles[0]]).toEqual([
      'root',
      2222,
      `${home}/.ssh/lab_kvm1.lab.example_root`,
    ]);
    expect(resolveSshHost('kvm10', { ...base, configText }).user).toBe('fallback');
  });

  it('honours negated patterns, which veto a positive match', () => {
    const configText = 'Host * !bastion\n  Port 2222\nHost bastion\n  Port 2022\n';
    expect(resolveSshHost('kvm1', { ...base, configText }).port).toBe(2222);
    expect(resolveSshHost('bastion', { ...base, configText }).port).toBe(2022);
    expect(resolveSshHost('x', { ...base, configText: 'Host !x\n Port 1\n' }).port).toBe(22);
  });

  it('reads IdentitiesOnly, StrictHostKeyChecking, known hosts files and HostKeyAlias', () => {
    const configText = [
      'Host h',
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking accept-new',
      '  UserKnownHostsFile ~/.ssh/kh_%n /tmp/kh2',
      '  GlobalKnownHostsFile none',
      '  HostKeyAlias h-alias',
    ].join('\n');
    const r = resolveSshHost('h', { ...base, configText });
    expect(r.identitiesOnly).toBe(true);
    expect(r.strictHostKeyChecking).toBe('accept-new');
    expect(r.userKnownHostsFiles).toEqual([`${home}/.ssh/kh_h`, '/tmp/kh2']);
    expect(r.globalKnownHostsFiles).toEqual([]);
    expect(r.hostKeyAlias).toBe('h-alias');
    expect(
      resolveSshHost('h', { ...base, configText: 'StrictHostKeyChecking off' })
        .strictHostKeyChecking,
    ).toBe('no');
  });

  it('parses ProxyJump hops, and lets ProxyJump or ProxyCommand win by order', () => {
    const configText =
      'Host kvm1\n  ProxyJump ops@bastion:2022,ssh://[::1]:2200,gw\n  ProxyCommand nc %h %p\n';
    expect(resolveSshHost('kvm1', { ...base, configText }).proxyJump).toEqual([
      { user: 'ops', host: 'bastion', port: 2022 },
      { user: null, host: '::1', port: 2200 },
      { user: null, host: 'gw', port: null },
    ]);
    const cmd = resolveSshHost('kvm1', {
      ...base,
      configText: 'ProxyCommand nc %h %p\nProxyJump gw',
    });
    expect(cmd.proxyJump).toEqual([]);
    expect(cmd.proxyCommand).toBe('nc kvm1 22');
    expect(cmd.notes).toEqual([]);
    expect(
      resolveSshHost('h', { ...base, configText: 'ProxyJump none\nProxyJump gw' }).proxyJump,
    ).toEqual([]);
  });

  it('keeps ProxyCommand as written (quotes for the shell) and expands its tokens like ssh', () => {
    const r = resolveSshHost('kvm1', {
      ...base,
      user: 'ops',
      configText:
        "Host kvm1\n  HostName 10.0.0.5\n  Port 2200\n  ProxyCommand = sh -c 'nc %h %p' # %r %n 100%%  \n",
    });
    expect(r.proxyCommand).toBe("sh -c 'nc 10.0.0.5 2200' # ops kvm1 100%");
    expect(resolveSshHost('h', { ...base, configText: 'ProxyCommand none' }).proxyCommand).toBe(
      null,
    );
    expect(() => resolveSshHost('h', { ...base, configText: 'ProxyCommand nc %h %Z' })).toThrow(
      /ProxyCommand: unknown token %Z/,
    );
  });

  it('refuses bad values in the block that applies, saying where', () => {
    const bad = (configText: string): VirtdeskError => {
      try {
        resolveSshHost('h', { ...base, configText, configPath: '/cfg' });
      } catch (e) {
        expect((e as VirtdeskError).code).toBe('INVALID_INPUT');
        return e as VirtdeskError;
      }
      throw new Error('expected a refusal');
    };
    expect(bad('Host h\n  Port 99999').message).toMatch(/\/cfg:2: Port must be a number/);
    expect(bad('ProxyJump a;b').message).toMatch(/\/cfg:1: ProxyJump: .*';'/);
    // A bad line in a block for another host does not matter here.
    expect(resolveSshHost('h', { ...base, configText: 'Host other\n Port x\n' }).port).toBe(22);
  });

  it('skips Match blocks except Match all, and notes odd lines', () => {
    const configText = [
      'Match exec "rm -rf /"',
      '  User hacked',
      'Match all',
      '  Port 2022',
      'Host h',
      '  User "unterminated',
      '  IdentityFile ~/.ssh/%C',
    ].join('\n');
    const r = resolveSshHost('h', { ...base, configText, configPath: '/cfg' });
    expect(r.user).toBe('ann');
    expect(r.port).toBe(2022);
    expect(r.identityFiles).toEqual([`${home}/.ssh/%C`]);
    expect(r.notes).toEqual([
      '/cfg:1: Match exec rm -rf / not evaluated; block skipped',
      '/cfg:6: unterminated quote; line ignored',
      'unsupported token %C in ~/.ssh/%C; left as is',
    ]);
  });
});

describe('resolveSshHost: Include', () => {
  it('includes relative to ~/.ssh, globs sorted file names, and skips dot files', () => {
    const files = {
      [`${home}/.ssh/config`]: 'Include config.d/*.conf\nHost *\n  User last\n',
      [`${home}/.ssh/config.d/20-web.conf`]: 'Host web\n  Port 2020\n',
      [`${home}/.ssh/config.d/10-lab.conf`]: 'Host web lab\n  User labuser\n  Port 1010\n',
      [`${home}/.ssh/config.d/.hidden.conf`]: 'Host *\n  User hidden\n',
    };
    const r = resolveSshHost('web', { ...base, ...tree(files) });
    expect([r.user, r.port]).toEqual(['labuser', 1010]);
    expect(resolveSshHost('other', { ...base, ...tree(files) }).user).toBe('last');
  });

  it('includes only inside a block that applies, and a Host line inside stays inside', () => {
    const files = {
      '/etc/x/cfg': 'Host kvm*\n  Include ~/.ssh/kvm.conf\nUser afterwards\n',
      [`${home}/.ssh/kvm.conf`]: 'Port 2222\nHost nothing\n',
    };
    const opts = { ...base, ...tree(files), configPath: '/etc/x/cfg' };
    const kvm = resolveSshHost('kvm1', opts);
    // `Host nothing` in the included file does not switch off the including block.
    expect([kvm.port, kvm.user]).toEqual([2222, 'afterwards']);
    expect(resolveSshHost('web', opts).port).toBe(22);
  });

  it('stops an Include loop at 16 levels with a typed error, and allows 16', () => {
    const loop = { [`${home}/.ssh/config`]: 'Include config\n' };
    expect(() => resolveSshHost('h', { ...base, ...tree(loop) })).toThrow(
      /more than 16 nested Include/,
    );
    const chain: Record<string, string> = { [`${home}/.ssh/config`]: 'Include f1\n' };
    for (let i = 1; i <= 16; i++)
      chain[`${home}/.ssh/f${i}`] = i < 16 ? `Include f${i + 1}\n` : 'Port 1616\n';
    expect(resolveSshHost('h', { ...base, ...tree(chain) }).port).toBe(1616);
  });
});

// The same config through OpenSSH itself: `ssh -G` is the reference for what resolveSshHost returns.
describe('resolveSshHost agrees with ssh -G', () => {
  const tmp = makeTempDir();
  afterAll(tmp.cleanup);
  const me = os.userInfo();
  const included = path.join(tmp.dir, 'inc.conf');
  writeFileSync(included, 'Host web*\n  User webadmin\n  Port 2201\n');
  const configFile = path.join(tmp.dir, 'config');
  writeFileSync(
    configFile,
    [
      'Host kvm1 kvm2',
      '  HostName %h.lab.example',
      '  User = "ops"',
      '  IdentityFile ~/.ssh/lab_%h_%r',
      '  IdentityFile %d/keys/%u',
      '  IdentitiesOnly yes',
      '  ProxyJump jump@bastion:2022,[::1]:22',
      '  UserKnownHostsFile ~/.ssh/kh_lab /tmp/kh2',
      '  StrictHostKeyChecking accept-new',
      'Host * !kvm2',
      '  Port 2222',
      `Include ${included}`,
      'Host *',
      '  User fallback',
      '  IdentityFile ~/.ssh/common',
    ].join('\n'),
  );

  it.each(['kvm1', 'kvm2', 'webx', 'other'])('for %s', (host) => {
    const out = execFileSync('ssh', ['-G', '-F', configFile, host], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const g = (k: string): string[] =>
      out
        .split('\n')
        .filter((l) => l.startsWith(`${k} `))
        .map((l) => l.slice(k.length + 1));
    const r = resolveSshHost(host, {
      home: me.homedir,
      localUser: me.username,
      configPath: configFile,
    });
    const hostName = g('hostname')[0] ?? '';
    const user = g('user')[0] ?? '';
    // ssh -G prints identity files before expansion; expand them the documented way.
    const expand = (p: string): string =>
      p
        .replace(/^~/, me.homedir)
        .replace(/%h/g, hostName)
        .replace(/%r/g, user)
        .replace(/%d/g, me.homedir)
        .replace(/%u/g, me.username);
    expect(r.hostName).toBe(hostName);
    expect(r.user).toBe(user);
    expect(String(r.port)).toBe(g('port')[0]);
    expect(r.identitiesOnly ? 'yes' : 'no').toBe(g('identitiesonly')[0]);
    expect(r.strictHostKeyChecking).toBe(g('stricthostkeychecking')[0]);
    expect(r.userKnownHostsFiles.join(' ')).toBe(g('userknownhostsfile')[0]);
    expect(r.globalKnownHostsFiles.join(' ')).toBe(g('globalknownhostsfile')[0]);
    expect(r.identityFiles).toEqual(g('identityfile').map(expand));
    expect(
      r.proxyJump
        .map((j) => `${j.user ? `${j.user}@` : ''}${formatHostPort(j.host, j.port)}`)
        .join(','),
    ).toBe(g('proxyjump')[0] ?? '');
  });
});

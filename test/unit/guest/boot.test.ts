import { describe, expect, it } from 'vitest';
import { CTRL_C, CTRL_D, loggedIn, makeGuest, stripAnsi } from './harness';

const BANNER = '\r\nDebian GNU/Linux 12 web-01 ttyS0\r\n\r\nweb-01 login: ';

describe('guest boot', () => {
  it('plays a kernel and systemd boot log over bootMs, then the login prompt', () => {
    const { guest, clock, out } = makeGuest();
    guest.boot();
    const first = out.take();
    expect(first).toMatch(/^\[ {4}0\.000000\] Linux version 6\.1\.0-28-amd64 /);
    expect(first).not.toContain('login:');
    clock.advance(1200);
    const middle = stripAnsi(out.take());
    expect(middle).toContain('Memory: ');
    expect(middle).toContain('/2097152K available');
    expect(middle).toContain('smp: Brought up 1 node, 4 CPUs');
    expect(middle).toContain('virtio_blk virtio2: [vda]');
    expect(middle).not.toContain('login:');
    clock.advance(1799);
    const late = stripAnsi(out.take());
    expect(late).toContain('[  OK  ] Started systemd-journald.service - Journal Service.');
    expect(late).toContain('[  OK  ] Reached target multi-user.target - Multi-User System.');
    expect(late).not.toContain('login:');
    clock.advance(1);
    expect(out.take()).toBe(BANNER);
    expect(guest.phase).toBe('login');
    expect(out.all.split('\r\n').length).toBeGreaterThan(40);
  });

  it('honours bootMs, the hostname and the kernel version', () => {
    const { guest, clock, out } = makeGuest({
      bootMs: 500,
      hostname: 'db',
      kernel: '6.12.9-amd64',
    });
    guest.boot();
    clock.advance(499);
    expect(out.all).not.toContain('login:');
    clock.advance(1);
    expect(out.all).toContain('Linux version 6.12.9-amd64');
    expect(out.all.endsWith('\r\nDebian GNU/Linux 12 db ttyS0\r\n\r\ndb login: ')).toBe(true);
  });

  it('ignores typing during the boot', () => {
    const { guest, clock, out, type } = makeGuest();
    guest.boot();
    clock.advance(100);
    out.take();
    type('root\r');
    expect(out.take()).toBe('');
    clock.advance(2900);
    const rest = out.take();
    expect(rest.endsWith(BANNER)).toBe(true);
    expect(rest).not.toContain('root\r\n');
    expect(guest.phase).toBe('login');
  });
});

describe('guest login', () => {
  it('logs root in without a password by default: motd and prompt', () => {
    const { guest, clock, out, type } = makeGuest();
    guest.boot();
    clock.advance(3000);
    out.take();
    type('root\r');
    const text = out.take();
    expect(text.startsWith('root\r\nLinux web-01 6.1.0-28-amd64 #1 SMP')).toBe(true);
    expect(text).toContain('ABSOLUTELY NO WARRANTY');
    expect(text.endsWith('\r\nroot@web-01:~# ')).toBe(true);
    expect(guest.phase).toBe('shell');
  });

  it('refuses an unknown user and prompts again', () => {
    const { guest, clock, out, type } = makeGuest();
    guest.boot();
    clock.advance(3000);
    out.take();
    type('admin\r');
    expect(out.take()).toBe('admin\r\n\r\nLogin incorrect\r\nweb-01 login: ');
    type('\r');
    expect(out.take()).toBe('\r\nweb-01 login: ');
  });

  it('asks for a password when one is set, without echoing it', () => {
    const { guest, clock, out, type } = makeGuest({ password: 's3cret' });
    guest.boot();
    clock.advance(3000);
    out.take();
    type('root\r');
    expect(out.take()).toBe('root\r\nPassword: ');
    type('wrong\r');
    expect(out.take()).toBe('\r\n\r\nLogin incorrect\r\nweb-01 login: ');
    type('root\rs3cret\r');
    const text = out.take();
    expect(text).not.toContain('s3cret');
    expect(text.endsWith('root@web-01:~# ')).toBe(true);
  });

  it('gives a non-root user a $ prompt in /home', () => {
    const g = loggedIn({ loginUser: 'alice' });
    expect(g.run('pwd')).toBe('pwd\r\n/home/alice\r\nalice@web-01:~$ ');
    expect(g.output('whoami')).toBe('alice\r\n');
    expect(g.output('poweroff')).toBe('-bash: poweroff: command not found\r\n');
  });

  it('logs out on Ctrl-D at an empty prompt, and Ctrl-D at the login prompt does nothing', () => {
    const g = loggedIn();
    g.type('ls');
    g.type(CTRL_D);
    expect(g.out.take()).toBe('ls');
    g.type(CTRL_U_AND_D);
    expect(g.out.take()).toBe(`\b \b\b \blogout\r\n${BANNER}`);
    expect(g.guest.phase).toBe('login');
    g.type(CTRL_D);
    expect(g.out.take()).toBe('');
    g.type('root\r');
    expect(g.out.take()).toContain('Last login: ');
  });

  it('exit logs out too', () => {
    const g = loggedIn();
    expect(g.run('exit')).toBe(`exit\r\nlogout\r\n${BANNER}`);
  });

  it('aborts a half-typed login name on Ctrl-C', () => {
    const { guest, clock, out, type } = makeGuest();
    guest.boot();
    clock.advance(3000);
    out.take();
    type(`roo${CTRL_C}`);
    expect(out.take()).toBe('roo^C\r\nweb-01 login: ');
  });
});

const CTRL_U_AND_D = `\x15${CTRL_D}`;

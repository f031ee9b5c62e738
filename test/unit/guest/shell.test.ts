import { describe, expect, it } from 'vitest';
import { CTRL_C, loggedIn, stripAnsi } from './harness';

describe('guest shell commands', () => {
  it('echo handles quotes, escapes and variables', () => {
    const g = loggedIn();
    expect(g.run('echo hello   world')).toBe(
      'echo hello   world\r\nhello world\r\nroot@web-01:~# ',
    );
    expect(g.output(`echo 'single $HOSTNAME'  "double $HOSTNAME" a\\ b ""`)).toBe(
      'single $HOSTNAME double web-01 a b \r\n',
    );
    expect(g.output('echo $RANDOM')).toMatch(/^\d{1,5}\r\n$/);
    expect(g.output('echo -n no-newline')).toBe('');
    expect(g.output('echo $UNSET end')).toBe('end\r\n');
    g.run('false');
    expect(g.output('echo $?')).toBe('1\r\n');
    expect(g.output('echo $?')).toBe('0\r\n');
  });

  it('reports unknown commands with status 127', () => {
    const g = loggedIn();
    expect(g.run('foo bar')).toBe('foo bar\r\n-bash: foo: command not found\r\nroot@web-01:~# ');
    expect(g.output('echo $?')).toBe('127\r\n');
  });

  it('refuses shell syntax it does not implement instead of misreading it', () => {
    const g = loggedIn();
    expect(g.output('echo hi > /tmp/x')).toContain('not supported');
    expect(g.output('| ls')).toBe("-bash: syntax error near unexpected token `|'\r\n");
    expect(g.output('echo $?')).toBe('2\r\n');
  });

  it('seq counts', () => {
    const g = loggedIn();
    expect(g.output('seq 1 5')).toBe('1\r\n2\r\n3\r\n4\r\n5\r\n');
    expect(g.output('seq 3')).toBe('1\r\n2\r\n3\r\n');
    expect(g.output('seq 10 -3 1')).toBe('10\r\n7\r\n4\r\n1\r\n');
    expect(g.output('seq x')).toBe("seq: invalid floating point argument: 'x'\r\n");
  });

  it('cat reads the fake filesystem', () => {
    const g = loggedIn({ vcpus: 3 });
    const os = g.output('cat /etc/os-release');
    expect(os).toContain('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\r\n');
    expect(os).toContain('VERSION_CODENAME=bookworm\r\n');
    expect(g.output('cat /etc/hostname')).toBe('web-01\r\n');
    expect(g.output('cat notes.txt')).toContain('simulated Debian guest');
    expect(g.output('cat /proc/cpuinfo').match(/^processor\t: \d+$/gm)).toEqual([
      'processor\t: 0',
      'processor\t: 1',
      'processor\t: 2',
    ]);
    expect(g.output('cat /nope')).toBe('cat: /nope: No such file or directory\r\n');
    expect(g.output('echo $?')).toBe('1\r\n');
    expect(g.output('cat /etc')).toBe('cat: /etc: Is a directory\r\n');
  });

  it('uname, hostname, whoami, pwd', () => {
    const g = loggedIn();
    expect(g.output('uname -r')).toBe('6.1.0-28-amd64\r\n');
    expect(g.output('uname')).toBe('Linux\r\n');
    expect(g.output('uname -a')).toBe(
      'Linux web-01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\r\n',
    );
    expect(g.output('uname -sn')).toBe('Linux web-01\r\n');
    expect(g.output('hostname')).toBe('web-01\r\n');
    expect(g.output('whoami')).toBe('root\r\n');
    expect(g.output('pwd')).toBe('/root\r\n');
  });

  it('free -m and /proc/meminfo agree with the VM memory', () => {
    const g = loggedIn({ memoryMiB: 4096 });
    const lines = g.output('free -m').split('\r\n');
    expect(lines[0]).toBe(
      '               total        used        free      shared  buff/cache   available',
    );
    const [total = 0, used = 0, free = 0, , cache = 0] = (lines[1] ?? '')
      .split(/\s+/)
      .slice(1)
      .map(Number);
    expect(total).toBeGreaterThan(4096 * 0.9);
    expect(total).toBeLessThan(4096);
    expect(Math.abs(used + free + cache - total)).toBeLessThanOrEqual(2);
    expect(lines[2]).toMatch(/^Swap:\s+0\s+0\s+0$/);
    const memTotal = /MemTotal:\s+(\d+) kB/.exec(g.output('cat /proc/meminfo'))?.[1];
    expect(Math.floor(Number(memTotal) / 1024)).toBe(total);
    expect(g.output('free').split('\r\n')[1]).toContain(String(memTotal));
  });

  it('uptime follows the clock from boot', () => {
    const g = loggedIn();
    g.clock.advance(5 * 60_000);
    expect(g.output('uptime')).toMatch(/^ \d\d:\d\d:\d\d up 5 min, {2}1 user, {2}load average: /);
    g.clock.advance(2 * 3600_000);
    expect(g.output('uptime')).toMatch(/ up {2}2:05, /);
    expect(g.output('cat /proc/uptime')).toMatch(/^7503\.\d\d /);
  });

  it('dmesg prints the kernel part of the boot log', () => {
    const g = loggedIn();
    const log = g.output('dmesg');
    expect(log).toMatch(/^\[ {4}0\.000000\] Linux version /);
    expect(log).toContain('Hostname set to <web-01>');
    expect(log).not.toContain('OK');
    expect(g.output('dmesg | head -n 2').split('\r\n')).toHaveLength(3);
  });

  it('ls, cd and the prompt', () => {
    const g = loggedIn();
    expect(g.output('ls')).toBe('notes.txt\r\n');
    expect(g.output('ls /')).toContain('etc');
    expect(g.output('ls /nope')).toBe("ls: cannot access '/nope': No such file or directory\r\n");
    expect(g.run('cd /var/log')).toBe('cd /var/log\r\nroot@web-01:/var/log# ');
    expect(g.output('ls')).toMatch(/^apt\s+journal\r\n$/);
    expect(g.output('cd ../../nowhere')).toBe(
      '-bash: cd: ../../nowhere: No such file or directory\r\n',
    );
    expect(g.run('cd')).toBe('cd\r\nroot@web-01:~# ');
    expect(g.run('cd /etc/hostname')).toContain('Not a directory');
  });

  it('clear, stty size after a resize, history', () => {
    const g = loggedIn();
    expect(g.run('clear')).toBe('clear\r\n\x1b[H\x1b[2Jroot@web-01:~# ');
    g.guest.resize(132, 43);
    expect(g.output('stty size')).toBe('43 132\r\n');
    expect(g.output('history')).toBe('    1  clear\r\n    2  stty size\r\n    3  history\r\n');
  });

  it('hostname NEW renames the guest, the prompt and /etc/hostname', () => {
    const g = loggedIn();
    expect(g.run('hostname db-02')).toBe('hostname db-02\r\nroot@db-02:~# ');
    expect(g.output('cat /etc/hostname')).toBe('db-02\r\n');
  });

  it('sleep holds the prompt on the clock, and Ctrl-C cuts it short', () => {
    const g = loggedIn();
    g.type('sleep 2\r');
    g.clock.advance(1999);
    expect(g.out.take()).toBe('sleep 2\r\n');
    g.clock.advance(1);
    expect(g.out.take()).toBe('root@web-01:~# ');
    g.type('sleep 100\r');
    g.clock.advance(500);
    g.type(CTRL_C);
    expect(g.out.take()).toBe('sleep 100\r\n^C\r\nroot@web-01:~# ');
    expect(g.output('echo $?')).toBe('130\r\n');
  });

  it('runs what was typed during a command once it finishes', () => {
    const g = loggedIn();
    g.type('sleep 1\r');
    g.type('echo later\r');
    expect(g.out.take()).toBe('sleep 1\r\n');
    g.clock.advance(1000);
    expect(g.out.take()).toBe('root@web-01:~# echo later\r\nlater\r\nroot@web-01:~# ');
  });

  it('poweroff prints the systemd shutdown, then calls onPoweroff', () => {
    const g = loggedIn();
    let seenAtPoweroff = '';
    const { guest } = g;
    g.opts.onPoweroff = () => {
      seenAtPoweroff = stripAnsi(g.out.all);
      g.events.push('poweroff');
    };
    g.type('poweroff\r');
    g.clock.advance(1000);
    expect(g.events).toEqual([]);
    g.clock.advance(500);
    expect(g.events).toEqual(['poweroff']);
    const seen = stripAnsi(g.out.take());
    expect(seenAtPoweroff.endsWith(seen)).toBe(true);
    expect(seen).toContain('[  OK  ] Reached target poweroff.target - System Power Off.');
    expect(seen.endsWith('] reboot: Power down\r\n')).toBe(true);
    expect(guest.phase).toBe('off');
    g.type('echo still there?\r');
    g.clock.advance(1000);
    expect(g.out.take()).toBe('');
  });

  it('shutdown() from the host (ACPI) starts on a fresh line below the prompt', () => {
    const g = loggedIn();
    g.guest.shutdown();
    const text = stripAnsi(g.out.take());
    expect(text.startsWith('\r\n         Stopping session-1.scope')).toBe(true);
    g.clock.advance(1500);
    expect(g.events).toEqual(['poweroff']);
  });

  it('does not let a reader that stopped draining hold the power-off up for long', () => {
    const g = loggedIn();
    g.guest.pause();
    g.guest.shutdown();
    g.clock.advance(2499);
    expect(g.events).toEqual([]);
    g.clock.advance(1);
    expect(g.events).toEqual(['poweroff']);
  });

  it('reboot tells onReboot and boots again to the login prompt', () => {
    const g = loggedIn();
    g.type('reboot\r');
    g.clock.advance(1500);
    expect(g.events).toEqual(['reboot']);
    expect(stripAnsi(g.out.take())).toMatch(
      /reboot: Restarting system\r\n\[ {4}0\.000000\] Linux version /,
    );
    expect(g.guest.phase).toBe('booting');
    g.clock.advance(3000);
    expect(g.out.take().endsWith('web-01 login: ')).toBe(true);
    g.type('root\r');
    g.out.take();
    expect(g.output('uptime')).toMatch(/ up 0 min,/);
  });

  it('stop() silences the guest for good and tells onStop once', () => {
    const g = loggedIn();
    const reasons: string[] = [];
    g.guest.onStop((r) => reasons.push(r));
    g.type('yes\r');
    g.clock.advance(3);
    g.guest.stop();
    g.guest.stop();
    g.out.take();
    g.clock.advance(1000);
    g.type('ls\r');
    expect(g.out.take()).toBe('');
    expect(g.clock.pending()).toBe(0);
    expect(reasons).toEqual(['VM stopped']);
  });
});

import { describe, expect, it } from 'vitest';
import type { GuestConsoleState } from '../../../src/main/drivers/simulated/guest';
import { GuestConsole, parseGuestConsoleState } from '../../../src/main/drivers/simulated/guest';
import { Output, loggedIn } from './harness';

describe('guest console state', () => {
  it('round-trips a logged-in shell: history, cwd, hostname, uptime', () => {
    const g = loggedIn();
    g.run('cd /etc');
    g.run('hostname db-02');
    g.guest.resize(100, 30);
    g.clock.advance(60_000);
    const saved: GuestConsoleState = JSON.parse(JSON.stringify(g.guest.state()));
    expect(saved).toMatchObject({
      version: 1,
      phase: 'shell',
      hostname: 'db-02',
      cwd: '/etc',
      history: ['cd /etc', 'hostname db-02'],
      cols: 100,
      rows: 30,
    });
    expect(saved.uptimeMs).toBeGreaterThanOrEqual(60_000);
    g.guest.stop();

    // Much later, the snapshot is reverted: the guest resumes where it was, silently.
    g.clock.advance(3_600_000);
    const restored = GuestConsole.restore(saved, g.opts);
    const out = new Output();
    restored.onOutput((c) => out.push(c));
    expect(restored.phase).toBe('shell');
    expect(out.all).toBe('');
    restored.input(new TextEncoder().encode('\r'));
    expect(out.take()).toBe('\r\nroot@db-02:/etc# ');
    restored.input(new TextEncoder().encode('history\r'));
    expect(out.take()).toContain('    1  cd /etc\r\n    2  hostname db-02\r\n    3  history\r\n');
    restored.input(new TextEncoder().encode('uptime\rstty size\r'));
    const text = out.take();
    expect(text).toMatch(/ up 1 min,/);
    expect(text).toContain('30 100\r\n');
  });

  it('saves a login prompt (mid-password too) as the login phase', () => {
    const g = loggedIn({ password: 'pw' });
    g.type('exit\r');
    g.type('root\r');
    expect(g.guest.phase).toBe('password');
    expect(g.guest.state().phase).toBe('login');
  });

  it('restores a guest saved mid-boot by booting it again', () => {
    const g = loggedIn();
    const restored = GuestConsole.restore({ ...g.guest.state(), phase: 'booting' }, g.opts);
    expect(restored.phase).toBe('booting');
    g.clock.advance(3000);
    expect(restored.phase).toBe('login');
  });

  it('sanitises a damaged state instead of trusting it', () => {
    const s = parseGuestConsoleState(
      {
        phase: 'hacked',
        hostname: 'bad name; rm -rf /',
        cwd: 'relative',
        history: ['ok', 42, 'x'.repeat(10_000)],
        uptimeMs: -5,
        lastStatus: 'x',
        lastLogin: 'yesterday',
        cols: 0,
        rows: 1e9,
      },
      'web-01',
      '/root',
    );
    expect(s).toEqual({
      version: 1,
      phase: 'login',
      hostname: 'web-01',
      cwd: '/root',
      history: ['ok'],
      uptimeMs: 0,
      lastStatus: 0,
      lastLogin: null,
      cols: 80,
      rows: 24,
    });
    expect(parseGuestConsoleState(null, 'h', '/root').phase).toBe('login');
  });
});

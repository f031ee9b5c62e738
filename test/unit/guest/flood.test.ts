import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../../src/main/drivers/simulated/guest';
import { CTRL_C, loggedIn } from './harness';

const PROMPT = 'root@web-01:~# ';

describe('guest output pacing', () => {
  it('yes floods in chunks of at most 16 KiB per clock millisecond until Ctrl-C', () => {
    const g = loggedIn();
    g.type('yes\r');
    g.out.chunks.length = 0;
    g.clock.advance(10);
    // One chunk went out at once, then one per millisecond.
    expect(g.out.chunks.length).toBe(10);
    expect(Math.max(...g.out.chunks)).toBeLessThanOrEqual(CHUNK_BYTES);
    const flood = g.out.take();
    expect(flood.length).toBeGreaterThan(10 * CHUNK_BYTES);
    expect(flood.length).toBeLessThanOrEqual(11 * CHUNK_BYTES + 10);
    expect(flood).toMatch(/^yes\r\n(y\r\n)+/);
    g.type(CTRL_C);
    // No clock advance: the interrupt and the prompt arrive at once.
    expect(g.out.take()).toBe(`^C\r\n${PROMPT}`);
    g.clock.advance(1000);
    expect(g.out.take()).toBe('');
    expect(g.output('echo $?')).toBe('130\r\n');
  });

  it('yes WORD repeats the words', () => {
    const g = loggedIn();
    g.type('yes hello there\r');
    g.clock.advance(1);
    g.type(CTRL_C);
    const text = g.out.take();
    expect(text.startsWith('yes hello there\r\nhello there\r\nhello there\r\n')).toBe(true);
    expect(text.endsWith(`^C\r\n${PROMPT}`)).toBe(true);
  });

  it('a paused guest produces nothing and schedules nothing, then carries on', () => {
    const g = loggedIn();
    g.type('yes\r');
    g.clock.advance(5);
    g.guest.pause();
    expect(g.guest.paused).toBe(true);
    g.out.take();
    g.clock.advance(60_000);
    expect(g.out.take()).toBe('');
    expect(g.clock.pending()).toBe(0);
    g.type('typed while paused');
    expect(g.out.take()).toBe('');
    g.guest.resume();
    g.clock.advance(2);
    expect(g.out.take()).toMatch(/^\n?(y\r\n)+/);
  });

  it('Ctrl-C takes effect while paused, discarding the queued flood', () => {
    const g = loggedIn();
    g.type('seq 1 100000000\r');
    g.clock.advance(3);
    g.guest.pause();
    g.out.take();
    g.type(CTRL_C);
    expect(g.out.take()).toBe(`^C\r\n${PROMPT}`);
    expect(g.guest.queuedBytes).toBe(0);
    g.guest.resume();
    g.clock.advance(100);
    expect(g.out.take()).toBe('');
    expect(g.output('echo done')).toBe('done\r\n');
  });

  it('while paused, echo and short outputs wait and then come out in order', () => {
    const g = loggedIn();
    g.guest.pause();
    g.type('echo one\r');
    g.clock.advance(100);
    expect(g.out.take()).toBe('');
    g.guest.resume();
    expect(g.out.take()).toBe(`echo one\r\none\r\n${PROMPT}`);
  });

  it('streams long outputs over several ticks rather than all at once', () => {
    const g = loggedIn();
    g.type('seq 1 200000\r');
    expect(g.out.take().length).toBeLessThanOrEqual(CHUNK_BYTES);
    let text = '';
    for (let i = 0; i < 200 && !text.endsWith(PROMPT); i++) {
      g.clock.advance(1);
      text += g.out.take();
    }
    expect(text.endsWith(`199999\r\n200000\r\n${PROMPT}`)).toBe(true);
    expect(g.guest.queuedBytes).toBe(0);
  });

  it('head -c 100M /dev/urandom | base64 runs to the end in bounded memory', () => {
    const g = loggedIn();
    const n = 100_000_000;
    let bytes = 0;
    let tail = '';
    let maxQueued = 0;
    let badLine = '';
    const decoder = new TextDecoder();
    g.guest.onOutput((chunk) => {
      bytes += chunk.length;
      const text = decoder.decode(chunk);
      tail = (tail + text).slice(-200);
      // Every full line is 76 base64 characters.
      if (!badLine)
        badLine =
          text
            .split('\r\n')
            .slice(1, -1)
            .find((l) => l.length !== 76) ?? '';
    });
    g.type('head -c 100000000 /dev/urandom | base64');
    bytes = 0;
    g.type('\r');
    for (let ms = 0; ms < 20_000 && !tail.endsWith(PROMPT); ms += 100) {
      g.clock.advance(100);
      maxQueued = Math.max(maxQueued, g.guest.queuedBytes);
    }
    const encoded = 4 * Math.ceil(n / 3);
    const lines = Math.ceil(encoded / 76);
    expect(bytes).toBe('\r\n'.length + encoded + 2 * lines + PROMPT.length);
    expect(tail).toMatch(/[A-Za-z0-9+/]{0,74}={0,2}\r\nroot@web-01:~# $/);
    expect(badLine).toBe('');
    expect(maxQueued).toBeLessThanOrEqual(CHUNK_BYTES);
    g.out.take();
  });

  it('a paused 100 MB base64 holds at most one chunk, however long it waits', () => {
    const g = loggedIn();
    g.type('head -c 100M /dev/urandom | base64\r');
    for (let i = 0; i < 50; i++) {
      g.clock.advance(7);
      g.guest.pause();
      expect(g.guest.queuedBytes).toBeLessThanOrEqual(CHUNK_BYTES);
      g.clock.advance(1000);
      g.guest.resume();
    }
    g.type(CTRL_C);
    expect(g.guest.queuedBytes).toBe(0);
  });
});

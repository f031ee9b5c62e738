import { describe, expect, it } from 'vitest';
import type { ConsoleClient, ConsoleSource } from '../../../src/main/console';
import {
  ACK_BATCH,
  ConsoleHub,
  HIGH_WATERMARK,
  TAKEN_OVER,
  guestConsoleSource,
} from '../../../src/main/console';
import { CHUNK_BYTES } from '../../../src/main/drivers/simulated/guest';
import { loggedIn } from '../guest/harness';

const PROMPT = 'root@web-01:~# ';
const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s);

class Window implements ConsoleClient {
  received = 0;
  tail = '';
  first: Uint8Array | null = null;
  closedWith: string | null = null;
  private readonly decoder = new TextDecoder();

  send(b: Uint8Array): void {
    this.first ??= b;
    this.received += b.length;
    this.tail = (this.tail + this.decoder.decode(b)).slice(-4096);
  }

  closed(reason: string): void {
    this.closedWith = reason;
  }
}

function setup() {
  const g = loggedIn();
  const hub = new ConsoleHub(guestConsoleSource(g.guest));
  return { ...g, hub };
}

describe('ConsoleHub with a simulated guest', () => {
  it('keeps a non-acking window to the high watermark under a yes flood, then recovers', () => {
    const { hub, guest, clock } = setup();
    const win = new Window();
    const console = hub.attach(win);
    console.input(bytes('yes\r'));
    clock.advance(60_000);
    // Paused at the watermark: nothing more was generated for the rest of the minute.
    expect(guest.paused).toBe(true);
    expect(hub.paused).toBe(true);
    expect(hub.unackedBytes).toBeGreaterThan(HIGH_WATERMARK);
    expect(hub.unackedBytes).toBeLessThanOrEqual(HIGH_WATERMARK + CHUNK_BYTES);
    expect(win.received).toBe(hub.unackedBytes);
    expect(clock.pending()).toBe(0);
    expect(guest.queuedBytes).toBeLessThanOrEqual(2 * CHUNK_BYTES);

    // The window catches up: the source resumes and the flood goes on.
    console.ack(win.received);
    expect(guest.paused).toBe(false);
    const before = win.received;
    clock.advance(5);
    expect(win.received).toBeGreaterThan(before);

    // Ctrl-C gets through at once even though the window is behind again.
    clock.advance(60_000);
    expect(guest.paused).toBe(true);
    console.input(bytes('\x03'));
    expect(win.tail.endsWith(`^C\r\n${PROMPT}`)).toBe(true);
    console.ack(win.received);
    clock.advance(1000);
    expect(win.tail.endsWith(`^C\r\n${PROMPT}`)).toBe(true);
  });

  it('with a window acking in batches, Ctrl-C brings the prompt well within a second', () => {
    const { hub, clock } = setup();
    const win = new Window();
    let acked = 0;
    const console = hub.attach(win);
    // The renderer writes ~1 MB/s and acks each ACK_BATCH it has written.
    const render = () => {
      const written = Math.min(win.received, acked + 1000);
      if (written - acked >= ACK_BATCH || written === win.received) {
        console.ack(written - acked);
        acked = written;
      }
    };
    console.input(bytes('yes\r'));
    for (let i = 0; i < 2000; i++) {
      clock.advance(1);
      render();
    }
    console.input(bytes('\x03'));
    expect(win.tail.endsWith(`^C\r\n${PROMPT}`)).toBe(true);
    expect(win.received - acked).toBeLessThanOrEqual(HIGH_WATERMARK + CHUNK_BYTES + 64);
  });

  it('lets the guest run into the ring while no window is attached, and replays it', () => {
    const { hub, guest, clock } = setup();
    const all: number[] = [];
    guest.onOutput((c) => all.push(...c.subarray(Math.max(0, c.length - 70_000))));
    const first = hub.attach(new Window());
    first.input(bytes('seq 1 100000\r'));
    first.detach();
    clock.advance(1000);
    expect(guest.paused).toBe(false);
    expect(hub.bufferedBytes).toBe(64 * 1024);
    const win = new Window();
    hub.attach(win);
    expect(win.first).toEqual(Uint8Array.from(all.slice(-64 * 1024)));
    expect(new TextDecoder().decode(win.first ?? new Uint8Array()).endsWith(PROMPT)).toBe(true);
    expect(hub.unackedBytes).toBe(64 * 1024);
  });

  it('hands the console to a new window and closes the old one', () => {
    const { hub, clock } = setup();
    const a = new Window();
    const b = new Window();
    const fromA = hub.attach(a);
    const fromB = hub.attach(b);
    expect(a.closedWith).toBe(TAKEN_OVER);
    expect(b.closedWith).toBeNull();
    fromA.input(bytes('echo from-a\r'));
    fromA.detach();
    clock.advance(10);
    expect(b.tail).not.toContain('from-a');
    fromB.input(bytes('echo from-b\r'));
    expect(b.tail.endsWith(`from-b\r\n${PROMPT}`)).toBe(true);
    expect(a.tail).not.toContain('from-b');
  });

  it('does not revive an old handle when the same window attaches again', () => {
    const { hub } = setup();
    const win = new Window();
    const old = hub.attach(win);
    const fresh = hub.attach(win);
    old.input(bytes('echo stale\r'));
    expect(win.tail).not.toContain('stale');
    fresh.input(bytes('echo fresh\r'));
    expect(win.tail).toContain('fresh\r\n');
  });

  it('passes resizes to the guest', () => {
    const { hub } = setup();
    const win = new Window();
    const console = hub.attach(win);
    console.resize(0, 10);
    console.resize(120.5, 10);
    console.resize(120, 40);
    console.input(bytes('stty size\r'));
    expect(win.tail).toContain('stty size\r\n40 120\r\n');
  });

  it('tells the window when the VM stops, then ignores its input', () => {
    const { hub, guest, clock, out } = setup();
    const win = new Window();
    const console = hub.attach(win);
    console.input(bytes('echo before\r'));
    guest.stop();
    expect(win.closedWith).toBe('VM stopped');
    expect(hub.closed).toBe(true);
    out.take();
    console.input(bytes('echo after\r'));
    clock.advance(10);
    expect(out.take()).toBe('');
    // A window opened afterwards sees the last screen and is told straight away.
    const late = new Window();
    hub.attach(late);
    expect(late.tail).toContain('before');
    expect(late.closedWith).toBe('VM stopped');
  });

  it('close() tells the window, lets go of the guest and leaves it running', () => {
    const { hub, guest, clock } = setup();
    const win = new Window();
    const console = hub.attach(win);
    console.input(bytes('yes\r'));
    clock.advance(100);
    expect(guest.paused).toBe(true);
    hub.close('Host disconnected');
    expect(win.closedWith).toBe('Host disconnected');
    expect(guest.paused).toBe(false);
    const received = win.received;
    clock.advance(10);
    expect(win.received).toBe(received);
    hub.close('again');
    expect(win.closedWith).toBe('Host disconnected');
  });
});

describe('ConsoleHub edge cases', () => {
  function fakeSource() {
    const data = new Set<(b: Uint8Array) => void>();
    const closes = new Set<(r: string) => void>();
    const log: string[] = [];
    const source: ConsoleSource = {
      onData: (l) => (data.add(l), () => data.delete(l)),
      onClose: (l) => (closes.add(l), () => closes.delete(l)),
      write: (b) => log.push(`write ${new TextDecoder().decode(b)}`),
      resize: (c, r) => log.push(`resize ${c}x${r}`),
      pause: () => log.push('pause'),
      resume: () => log.push('resume'),
      close: () => log.push('close'),
    };
    const emit = (b: Uint8Array) => data.forEach((l) => l(b));
    const end = (r: string) => closes.forEach((l) => l(r));
    return { source, log, emit, end };
  }

  it('uses the source reason, or "VM stopped" when it gives none', () => {
    const f = fakeSource();
    const win = new Window();
    new ConsoleHub(f.source).attach(win);
    f.end('');
    expect(win.closedWith).toBe('VM stopped');
    const g = fakeSource();
    const win2 = new Window();
    new ConsoleHub(g.source).attach(win2);
    g.end('domain crashed');
    expect(win2.closedWith).toBe('domain crashed');
  });

  it('treats a window that throws on send as gone, and resumes the source', () => {
    const f = fakeSource();
    const hub = new ConsoleHub(f.source, { high: 10, low: 5 });
    hub.attach(new Window());
    f.emit(new Uint8Array(11));
    expect(f.log).toEqual(['pause']);
    const broken: ConsoleClient = {
      send: () => {
        throw new Error('render process gone');
      },
      closed: () => undefined,
    };
    const errors = console.error;
    console.error = () => undefined;
    try {
      hub.attach(broken);
    } finally {
      console.error = errors;
    }
    expect(f.log).toEqual(['pause', 'resume']);
    f.emit(new Uint8Array(100));
    expect(f.log).toEqual(['pause', 'resume']);
    expect(hub.bufferedBytes).toBe(111);
  });

  it('ignores hostile acks from the window', () => {
    const f = fakeSource();
    const hub = new ConsoleHub(f.source, { high: 100, low: 10 });
    const c = hub.attach(new Window());
    f.emit(new Uint8Array(150));
    c.ack(-1e9);
    c.ack(Number.NaN);
    expect(hub.unackedBytes).toBe(150);
    c.ack(1e12);
    expect(hub.unackedBytes).toBe(0);
    expect(f.log).toEqual(['pause', 'resume']);
  });
});

// The console stream through the service, without a browser: a `yes` flood with a window that
// stops reading stays bounded in main, resumes on ack, and Ctrl-C brings the prompt back.
import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK } from '../../../src/main/console/flowControl';
import { CHUNK_BYTES } from '../../../src/main/drivers/simulated/guest';
import type { ConsoleAttachment } from '../../../src/main/console';
import type { Opened } from './helpers';
import { open, tempDir, vmId } from './helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();
// eslint-disable-next-line no-control-regex -- stripping terminal colour codes
const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** A service on a fresh data dir, closed and removed after the test. */
async function service(): Promise<Opened> {
  const t = await tempDir();
  const o = await open(t.dir);
  cleanup = async () => {
    await o.service.close();
    await t.cleanup();
  };
  return o;
}

async function consoleOf(o: Opened, name: string) {
  const received: Uint8Array[] = [];
  const closed: string[] = [];
  const id = await vmId(o, 'sim1', name);
  const attachment: ConsoleAttachment = await o.service.openConsole(
    { hostId: 'sim1', vmId: id, cols: 80, rows: 24 },
    { send: (b) => received.push(b), closed: (r) => closed.push(r) },
  );
  const text = (): string => plain(dec.decode(Buffer.concat(received)));
  const bytes = (): number => received.reduce((n, b) => n + b.byteLength, 0);
  return { id, attachment, received, closed, text, bytes };
}

describe('serial console through the service', () => {
  it('boots to a login prompt, logs in and echoes a command', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'k3s-node-1');
    await o.call('vmStart', { hostId: 'sim1', vmId: id });
    const c = await consoleOf(o, 'k3s-node-1');
    o.clock.advance(5_000);
    expect(c.text()).toContain('Linux version');
    expect(c.text()).toMatch(/k3s-node-1 login: $/);
    c.attachment.input(enc.encode('root\r'));
    o.clock.advance(100);
    c.attachment.input(enc.encode('echo hello-4711\r'));
    o.clock.advance(100);
    expect(c.text()).toMatch(/hello-4711\r\n.*root@k3s-node-1:~# $/s);
  });

  it('keeps a flood bounded when the window stops reading, resumes on ack, and Ctrl-C answers', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'k3s-node-1');
    await o.call('vmStart', { hostId: 'sim1', vmId: id });
    o.clock.advance(5_000);
    const c = await consoleOf(o, 'k3s-node-1');
    c.attachment.input(enc.encode('root\r'));
    o.clock.advance(100);
    c.attachment.ack(c.bytes());
    const before = c.bytes();
    c.attachment.input(enc.encode('yes\r'));
    o.clock.advance(10_000); // ten seconds of flood with nobody acknowledging
    const unacked = c.bytes() - before;
    expect(unacked).toBeGreaterThan(HIGH_WATERMARK / 2);
    expect(unacked).toBeLessThanOrEqual(HIGH_WATERMARK + CHUNK_BYTES);
    o.clock.advance(10_000);
    expect(c.bytes() - before).toBe(unacked); // paused: nothing more arrives

    c.attachment.ack(c.bytes());
    o.clock.advance(50);
    expect(c.bytes() - before).toBeGreaterThan(unacked); // flowing again

    c.attachment.input(new Uint8Array([3]));
    const tail = plain(dec.decode(c.received.at(-1)!));
    expect(tail).toMatch(/\^C\r\nroot@k3s-node-1:~# $/);
  });

  it('shows the last output on reattach and tells the window when the VM stops', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'k3s-node-1');
    await o.call('vmStart', { hostId: 'sim1', vmId: id });
    const first = await consoleOf(o, 'k3s-node-1');
    o.clock.advance(5_000);
    first.attachment.detach();
    const second = await consoleOf(o, 'k3s-node-1');
    expect(second.text()).toContain('login:');
    await o.call('vmForceOff', { hostId: 'sim1', vmId: id });
    expect(second.closed).toEqual(['VM stopped']);
  });

  it('refuses a console for a shut-off VM or bad params, with a typed error', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'k3s-node-2');
    const client = { send: () => undefined, closed: () => undefined };
    await expect(
      o.service.openConsole({ hostId: 'sim1', vmId: id, cols: 80, rows: 24 }, client),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: 'k3s-node-2 is shut off: start it to use its serial console.',
    });
    await expect(
      o.service.openConsole({ hostId: 'sim1', vmId: id, cols: 0, rows: 24 }, client),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      o.service.openConsole({ hostId: 'sim1', vmId: '$(reboot)', cols: 80, rows: 24 }, client),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('powers the VM off when the guest runs poweroff', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'k3s-node-1');
    await o.call('vmStart', { hostId: 'sim1', vmId: id });
    o.clock.advance(5_000);
    const c = await consoleOf(o, 'k3s-node-1');
    c.attachment.input(enc.encode('root\r'));
    o.clock.advance(100);
    c.attachment.input(enc.encode('poweroff\r'));
    o.clock.advance(5_000);
    expect(c.text()).toContain('reboot: Power down');
    expect((await o.call('vmGet', { hostId: 'sim1', vmId: id })).state).toBe('shutoff');
    expect(c.closed).toEqual(['VM stopped']);
  });
});

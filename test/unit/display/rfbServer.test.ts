// The simulated VM's screen as an RFB server, against a small RFB client: the handshake, what
// ServerInit says, raw updates (full and incremental, in the client's pixel format), and key
// events reaching the same shell the serial console talks to.
import { describe, expect, it } from 'vitest';
import { BOOT_MS } from '../../../src/main/drivers/simulated';
import type { ConsoleAttachment } from '../../../src/main/console';
import { SCREEN_HEIGHT, SCREEN_WIDTH } from '../../../src/main/drivers/simulated/screen/rfbServer';
import { makeHost, vmNamed } from '../simulated/memoryStore';
import { refusal } from '../snapshots/simHelpers';
import { RfbTestClient } from './rfbClient';

/** Opens pfsense's screen; the client acknowledges what it read unless told not to. */
async function openScreen(name = 'pfsense', acks = true) {
  const ctx = makeHost();
  const vm = await vmNamed(ctx.host, name);
  const closed: string[] = [];
  let attachment: ConsoleAttachment | null = null;
  const pending: Uint8Array[] = [];
  const client = new RfbTestClient((bytes) => {
    if (attachment) attachment.input(bytes);
    else pending.push(bytes);
  });
  attachment = await ctx.host.display.attach(vm.id, {
    send: (bytes) => {
      client.feed(bytes);
      if (acks) attachment?.ack(bytes.length);
    },
    closed: (reason) => closed.push(reason),
  });
  for (const b of pending.splice(0)) attachment.input(b);
  return { ...ctx, vm, client, attachment, closed };
}

function serialOutput(ctx: Awaited<ReturnType<typeof openScreen>>) {
  const chunks: string[] = [];
  const dec = new TextDecoder();
  void ctx.host.attachConsole(
    ctx.vm.id,
    { send: (b) => chunks.push(dec.decode(b)), closed: () => {} },
    80,
    24,
  );
  return () => chunks.join('');
}

describe('the simulated VM screen over RFB', () => {
  it('does the 3.8 handshake with security None and names the screen size in ServerInit', async () => {
    const { client, closed } = await openScreen();
    expect(client.phase).toBe('normal');
    expect(client.init).toEqual({ width: 640, height: 400, name: 'pfsense', bitsPerPixel: 32 });
    expect([SCREEN_WIDTH, SCREEN_HEIGHT]).toEqual([640, 400]);
    expect(closed).toEqual([]);
  });

  it('sends the whole screen in raw encoding on a full request, showing the login prompt', async () => {
    const { client } = await openScreen();
    client.requestUpdate(false);
    expect(client.updates).toHaveLength(1);
    const rects = client.updates[0]!.rects;
    expect(rects.every((r) => r.encoding === 0 && r.x === 0 && r.w === 640)).toBe(true);
    expect(rects.reduce((n, r) => n + r.h, 0)).toBe(400);
    // Text is drawn: some pixels lit, most of the screen black.
    const lit = client.litPixels();
    expect(lit).toBeGreaterThan(500);
    expect(lit).toBeLessThan(640 * 400 * 0.3);
  });

  it('answers an incremental request only when something changed, with the changed rows', async () => {
    const ctx = await openScreen();
    const { client } = ctx;
    client.requestUpdate(false);
    client.requestUpdate(true);
    ctx.clock.advance(1000);
    expect(client.updates).toHaveLength(1);
    client.type('r');
    ctx.clock.advance(50);
    expect(client.updates).toHaveLength(2);
    const rects = client.updates[1]!.rects;
    const rows = rects.reduce((n, r) => n + r.h / 16, 0);
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(rows).toBeLessThanOrEqual(2);
  });

  it('types key events into the shell the serial console shows, and the pixels change', async () => {
    const ctx = await openScreen();
    const { client } = ctx;
    const serial = serialOutput(ctx);
    client.requestUpdate(false);
    client.type('root\r');
    ctx.clock.advance(500);
    const before = Uint32Array.from(client.pixels);
    for (let i = 0; i < 20; i++) {
      client.requestUpdate(true);
      client.type(i === 0 ? 'echo display-works\r' : '');
      ctx.clock.advance(100);
    }
    expect(serial()).toContain('display-works');
    // eslint-disable-next-line no-control-regex -- the shell colours its output
    expect(serial()).toMatch(/echo display-works\r\n(?:\x1b\[[0-9;]*m)*display-works/);
    let changed = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== client.pixels[i]) changed++;
    expect(changed).toBeGreaterThan(100);
  });

  it('maps Ctrl+C to an interrupt the shell sees', async () => {
    const ctx = await openScreen();
    const serial = serialOutput(ctx);
    ctx.client.key(0xffe3, true);
    ctx.client.key(0x63, true);
    ctx.client.key(0x63, false);
    ctx.client.key(0xffe3, false);
    ctx.clock.advance(100);
    expect(serial()).toContain('^C');
  });

  it('serves the pixel format the client asks for', async () => {
    const ctx = await openScreen();
    ctx.client.setPixelFormat16();
    ctx.client.requestUpdate(false);
    expect(ctx.client.updates).toHaveLength(1);
    expect(ctx.client.received).toBeGreaterThan(640 * 400 * 2);
    expect(ctx.client.received).toBeLessThan(640 * 400 * 3);
    expect(ctx.client.litPixels()).toBeGreaterThan(500);
  });

  it('holds updates back while the window has not acknowledged enough (flow control)', async () => {
    const ctx = await openScreen('pfsense', false);
    const { client } = ctx;
    client.requestUpdate(false);
    client.requestUpdate(true);
    client.type('x');
    ctx.clock.advance(100);
    expect(client.updates).toHaveLength(1);
    ctx.attachment.ack(client.received);
    expect(client.updates).toHaveLength(2);
  });

  it('closes the connection on a message it does not know', async () => {
    const ctx = await openScreen();
    ctx.attachment.input(Uint8Array.of(99, 0, 0, 0));
    expect(ctx.closed).toEqual(['RFB: unknown client message type 99']);
  });

  it('lets one window show the screen: a second takes it over', async () => {
    const ctx = await openScreen();
    const other = new RfbTestClient(() => {});
    await ctx.host.display.attach(ctx.vm.id, { send: (b) => other.feed(b), closed: () => {} });
    expect(ctx.closed).toEqual(['taken over by another window']);
    expect(other.phase).toBe('security');
  });

  it('tells the window when the VM stops', async () => {
    const ctx = await openScreen();
    await ctx.host.vmForceOff(ctx.vm.id);
    expect(ctx.closed).toEqual(['VM stopped']);
  });

  it('refuses a VM that is shut off, and one without a display device', async () => {
    const ctx = makeHost();
    const off = await vmNamed(ctx.host, 'k3s-node-1');
    const client = { send: () => {}, closed: () => {} };
    expect((await refusal(ctx.host.display.attach(off.id, client))).code).toBe('INVALID_STATE');
    const bare = await ctx.host.vmCreate({
      name: 'bare',
      vcpus: 1,
      memoryMiB: 512,
      diskGiB: 1,
      network: 'default',
    });
    await ctx.host.vmStart(bare.id);
    ctx.clock.advance(BOOT_MS);
    const e = await refusal(ctx.host.display.attach(bare.id, client));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toBe('bare has no display device.');
  });
});

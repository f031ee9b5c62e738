// A VNC password is answered in main: DES against the standard's vectors, and the handshake with
// a VNC server that asks for the password, the page seeing security None and nothing else.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { desEncrypt, vncAuthResponse } from '../../../src/main/drivers/libvirt-ssh/des';
import { withVncPassword } from '../../../src/main/drivers/libvirt-ssh/vncStream';
import { vncPasswordOf } from '../../../src/main/drivers/libvirt-ssh/displays';
import { VirtdeskError } from '../../../src/shared/errors';
import { RfbTestClient } from './rfbClient';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DES for VNC authentication', () => {
  it('matches the FIPS 46 worked examples', () => {
    expect(toHex(desEncrypt(hex('133457799bbcdff1'), hex('0123456789abcdef')))).toBe(
      '85e813540f0ab405',
    );
    expect(toHex(desEncrypt(hex('0e329232ea6d0d73'), hex('8787878787878787')))).toBe(
      '0000000000000000',
    );
  });

  it('keys with the password bytes bit-reversed, padded to 8', () => {
    const challenge = hex('00112233445566778899aabbccddeeff');
    // "password" with each byte's bits reversed.
    expect(vncAuthResponse('password', challenge)).toEqual(
      desEncrypt(hex('0e86ceceeef64e26'), challenge),
    );
    expect(vncAuthResponse('pw', challenge)).toEqual(
      desEncrypt(hex('0eee000000000000'), challenge),
    );
  });
});

/** A VNC server that asks for `password` and, once in, answers ClientInit with a ServerInit. */
function fakeServer(password: string): Promise<{ server: Server; port: number; log: string[] }> {
  const log: string[] = [];
  const challenge = hex('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
  const server = createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    let step = 0;
    sock.write('RFB 003.008\n');
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (step === 0 && buf.length >= 12) {
        log.push(`version:${buf.subarray(0, 11).toString()}`);
        buf = buf.subarray(12);
        sock.write(Uint8Array.of(1, 2));
        step = 1;
      }
      if (step === 1 && buf.length >= 1) {
        log.push(`type:${buf[0]}`);
        buf = buf.subarray(1);
        sock.write(challenge);
        step = 2;
      }
      if (step === 2 && buf.length >= 16) {
        const ok = Buffer.from(vncAuthResponse(password, challenge)).equals(buf.subarray(0, 16));
        buf = buf.subarray(16);
        if (!ok) {
          const why = Buffer.from('Authentication failed');
          const out = Buffer.alloc(8);
          out.writeUInt32BE(1, 0);
          out.writeUInt32BE(why.length, 4);
          sock.end(Buffer.concat([out, why]));
          return;
        }
        sock.write(Uint8Array.of(0, 0, 0, 0));
        step = 3;
      }
      if (step === 3 && buf.length >= 1) {
        log.push(`clientinit:${buf[0]}`);
        buf = buf.subarray(1);
        const init = Buffer.alloc(24 + 4);
        init.writeUInt16BE(720, 0);
        init.writeUInt16BE(400, 2);
        init.writeUInt8(32, 4);
        init.writeUInt32BE(4, 20);
        init.write('tiny', 24);
        sock.write(init);
        step = 4;
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ server, port, log });
    }),
  );
}

let running: Server | null = null;
afterEach(() => {
  running?.close();
  running = null;
});

async function dial(port: number): Promise<Socket> {
  const sock = connect(port, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  return sock;
}

describe('a VNC server with a password', () => {
  it('is answered in main; the page does the handshake with security None and gets ServerInit', async () => {
    const { server, port, log } = await fakeServer('s3cret');
    running = server;
    const source = await withVncPassword(await dial(port), 's3cret');
    const client = new RfbTestClient((b) => source.write(b));
    source.onData((b) => client.feed(b));
    await expect
      .poll(() => client.init)
      .toEqual({ width: 720, height: 400, name: 'tiny', bitsPerPixel: 32 });
    expect(log).toEqual(['version:RFB 003.008', 'type:2', 'clientinit:1']);
    source.close();
  });

  it('refuses with AUTH_FAILED when the server does not take the password', async () => {
    const { server, port } = await fakeServer('s3cret');
    running = server;
    const e = await withVncPassword(await dial(port), 'wrong').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(VirtdeskError);
    expect((e as VirtdeskError).code).toBe('AUTH_FAILED');
    expect((e as VirtdeskError).message).toContain('Authentication failed');
  });

  it('reads the password only from the graphics element', () => {
    const xml = (g: string) => `<domain><name>a</name><devices>${g}</devices></domain>`;
    expect(vncPasswordOf(xml(`<graphics type='vnc' port='5900' passwd='pw1'/>`))).toBe('pw1');
    expect(vncPasswordOf(xml(`<graphics type='vnc' port='5900'/>`))).toBeNull();
    expect(vncPasswordOf(xml(`<graphics type='spice' passwd='x'/>`))).toBeNull();
  });
});

// A VM's VNC server as a DisplaySource: the byte stream the transport opened, passed through as it
// is, or — when the domain has a VNC password — with the RFB security handshake done here. Main
// then answers the server's challenge (VNC authentication, DES) and tells the page "security
// None", so the password never leaves main.
import type { Duplex } from 'node:stream';
import { VirtdeskError } from '../../../shared/errors';
import type { DisplaySource } from '../../console/displayHub';
import { vncAuthResponse } from './des';

const HANDSHAKE_MS = 10_000;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** The stream as it is: the page speaks RFB with the server itself. */
export function passThrough(stream: Duplex): DisplaySource {
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    const channel = stream as Duplex & { close?: () => void };
    if (typeof channel.close === 'function') channel.close();
    else stream.destroy();
  };
  return {
    onData: (listener) => {
      const on = (d: Buffer): void => listener(new Uint8Array(d.buffer, d.byteOffset, d.length));
      stream.on('data', on);
      return () => stream.off('data', on);
    },
    onClose: (listener) => {
      const on = (): void => listener('the VNC server closed the connection');
      stream.once('close', on);
      return () => stream.off('close', on);
    },
    write: (bytes) => {
      if (!ended) stream.write(bytes);
    },
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    close: end,
  };
}

/** Reads exact byte counts off a stream (the handshake is a fixed sequence of small messages). */
class Reader {
  private buf = new Uint8Array(0);
  private want: { n: number; resolve: (b: Uint8Array) => void } | null = null;
  private failed: Error | null = null;
  private readonly onData = (d: Buffer): void => {
    const joined = new Uint8Array(this.buf.length + d.length);
    joined.set(this.buf);
    joined.set(d, this.buf.length);
    this.buf = joined;
    this.check();
  };
  private readonly onClose = (): void =>
    this.fail(new Error('the VNC server closed the connection'));
  private reject: ((e: Error) => void) | null = null;

  constructor(private readonly stream: Duplex) {
    stream.on('data', this.onData);
    stream.once('close', this.onClose);
  }

  read(n: number): Promise<Uint8Array> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.want = { n, resolve };
      this.reject = reject;
      this.check();
    });
  }

  fail(e: Error): void {
    this.failed ??= e;
    this.reject?.(e);
    this.reject = null;
    this.want = null;
  }

  /** Stops reading; returns what arrived beyond the handshake. */
  detach(): Uint8Array {
    this.stream.off('data', this.onData);
    this.stream.off('close', this.onClose);
    return this.buf;
  }

  private check(): void {
    if (!this.want || this.buf.length < this.want.n) return;
    const { n, resolve } = this.want;
    this.want = null;
    this.reject = null;
    const out = this.buf.slice(0, n);
    this.buf = this.buf.subarray(n);
    resolve(out);
  }
}

const u32 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, 4).getUint32(0);

/**
 * Does the server side of the handshake with `password` (VNC authentication, or None if that is
 * all the server offers) and returns a source that greets the page with security None. Rejects
 * AUTH_FAILED when the server refuses the password, HOST_ERROR for anything else.
 */
export async function withVncPassword(stream: Duplex, password: string): Promise<DisplaySource> {
  const reader = new Reader(stream);
  const timer = setTimeout(
    () => reader.fail(new Error('the VNC server did not finish its handshake')),
    HANDSHAKE_MS,
  );
  try {
    const version = dec.decode(await reader.read(12));
    const m = /^RFB 003\.(\d{3})\n$/.exec(version);
    if (!m) throw new Error(`not an RFB server (${JSON.stringify(version.slice(0, 12))})`);
    const minor = Math.min(8, Number(m[1]));
    if (minor < 7) throw new Error('the VNC server speaks RFB 3.3 only');
    stream.write(enc.encode(`RFB 003.00${minor}\n`));
    const n = (await reader.read(1))[0]!;
    if (n === 0) {
      const len = u32(await reader.read(4));
      throw new Error(dec.decode(await reader.read(Math.min(len, 4096))));
    }
    const types = [...(await reader.read(n))];
    const type = types.includes(2) ? 2 : types.includes(1) ? 1 : 0;
    if (type === 0)
      throw new Error(
        `the VNC server offers no security type virtdesk speaks (${types.join(', ')})`,
      );
    stream.write(Uint8Array.of(type));
    if (type === 2) stream.write(vncAuthResponse(password, await reader.read(16)));
    if (type === 2 || minor === 8) {
      const result = u32(await reader.read(4));
      if (result !== 0) {
        const why =
          minor === 8
            ? dec.decode(await reader.read(Math.min(u32(await reader.read(4)), 4096)))
            : '';
        throw new VirtdeskError(
          'AUTH_FAILED',
          `The VM's VNC server refused the password from its definition${why ? `: ${why}` : '.'}`,
        );
      }
    }
  } catch (e) {
    reader.detach();
    stream.destroy();
    if (e instanceof VirtdeskError) throw e;
    throw new VirtdeskError(
      'HOST_ERROR',
      `VNC handshake failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    clearTimeout(timer);
  }
  return greetAsNone(stream, reader.detach());
}

/** The page-facing half: RFB 3.8 with security None, then the server's bytes from ClientInit on. */
function greetAsNone(stream: Duplex, leftover: Uint8Array): DisplaySource {
  const inner = passThrough(stream);
  // Server bytes before the page has finished its half wait here (a server says nothing before
  // ClientInit, so this stays empty in practice).
  const held: Uint8Array[] = leftover.length > 0 ? [leftover] : [];
  let phase: 'version' | 'security' | 'through' = 'version';
  let inbox = new Uint8Array(0);
  const toPage = new Set<(bytes: Uint8Array) => void>();
  let failed: ((reason: string) => void) | null = null;
  const sendPage = (b: Uint8Array): void => {
    for (const l of toPage) l(b);
  };
  return {
    onData: (listener) => {
      toPage.add(listener);
      listener(enc.encode('RFB 003.008\n'));
      const off = inner.onData((b) => {
        if (phase === 'through') listener(b);
        else held.push(b);
      });
      return () => {
        toPage.delete(listener);
        off();
      };
    },
    onClose: (listener) => {
      failed = listener;
      return inner.onClose(listener);
    },
    write: (bytes) => {
      if (phase === 'through') return inner.write(bytes);
      const joined = new Uint8Array(inbox.length + bytes.length);
      joined.set(inbox);
      joined.set(bytes, inbox.length);
      inbox = joined;
      if (phase === 'version' && inbox.length >= 12) {
        if (!/^RFB 003\.00[78]\n$/.test(dec.decode(inbox.subarray(0, 12)))) {
          failed?.('RFB: the page spoke an unsupported version');
          return inner.close();
        }
        inbox = inbox.subarray(12);
        phase = 'security';
        sendPage(Uint8Array.of(1, 1));
      }
      if (phase === 'security' && inbox.length >= 1) {
        if (inbox[0] !== 1) {
          failed?.('RFB: the page chose a security type not offered');
          return inner.close();
        }
        inbox = inbox.subarray(1);
        phase = 'through';
        sendPage(Uint8Array.of(0, 0, 0, 0));
        for (const b of held.splice(0)) sendPage(b);
        if (inbox.length > 0) inner.write(inbox);
      }
    },
    pause: inner.pause,
    resume: inner.resume,
    close: inner.close,
  };
}

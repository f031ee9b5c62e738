// The console stream: one bidirectional byte stream per open serial console, plus a few control
// messages. Bytes stay binary end to end (WebSocket binary frames, or Uint8Array over a
// MessagePort); only control messages are JSON. Flow control after xterm.js's guide: the
// renderer acknowledges what `term.write` has processed, in batches of CONSOLE_ACK_BATCH bytes.
import type { DisplayOpenParams } from './display';
import type { WireError } from './errors';
import { VirtdeskError } from './errors';

export interface ConsoleOpenParams {
  hostId: string;
  vmId: string;
  cols: number;
  rows: number;
}

export const CONSOLE_ACK_BATCH = 32 * 1024;

/** Close reasons main sends that the page acts on (not only shows). */
export const CONSOLE_TAKEN_OVER = 'taken over by another window';
export const CONSOLE_VM_STOPPED = 'VM stopped';
export const CONSOLE_MAX_INPUT_BYTES = 64 * 1024;

/** Control messages from the renderer (input bytes travel separately, as binary). */
export type ConsoleClientControl =
  { t: 'resize'; cols: number; rows: number } | { t: 'ack'; bytes: number } | { t: 'close' };

/** Control messages from main (output bytes travel separately, as binary). */
export type ConsoleServerControl =
  { t: 'opened' } | { t: 'closed'; reason: string } | { t: 'error'; error: WireError };

function isDim(n: unknown, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;
}

/** Checks a control message off the wire; anything else is refused. */
export function parseConsoleControl(msg: unknown): ConsoleClientControl {
  const m = msg as Record<string, unknown> | null;
  if (typeof m === 'object' && m !== null) {
    if (m.t === 'resize' && isDim(m.cols, 1000) && isDim(m.rows, 1000)) {
      return { t: 'resize', cols: m.cols, rows: m.rows };
    }
    if (
      m.t === 'ack' &&
      typeof m.bytes === 'number' &&
      Number.isSafeInteger(m.bytes) &&
      m.bytes > 0
    ) {
      return { t: 'ack', bytes: m.bytes };
    }
    if (m.t === 'close') return { t: 'close' };
  }
  throw new VirtdeskError('INVALID_INPUT', 'Malformed console control message');
}

// ---- over the browser-mode WebSocket, console streams share the api socket ----
// Text frames: { stream: { sid, t: 'open', params, kind? } | { sid, ...control } }; kind 'display'
// opens a VM's screen (shared/display.ts) instead of its serial console.
// Binary frames: a 4-byte big-endian stream id, then the bytes.

export type StreamKind = 'console' | 'display';

export type WsStreamClientMessage = {
  stream: { sid: number } & (
    | { t: 'open'; params: ConsoleOpenParams | DisplayOpenParams; kind?: StreamKind }
    | ConsoleClientControl
  );
};
export type WsStreamServerMessage = { stream: { sid: number } & ConsoleServerControl };

export const MAX_STREAMS_PER_SOCKET = 32;

export function frameWithSid(sid: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, sid);
  out.set(bytes, 4);
  return out;
}

export function splitSidFrame(frame: Uint8Array): { sid: number; bytes: Uint8Array } | null {
  if (frame.byteLength < 4) return null;
  const sid = new DataView(frame.buffer, frame.byteOffset, 4).getUint32(0);
  return { sid, bytes: frame.subarray(4) };
}

// Counts what a leak would leave behind in a V8 heap, after a full GC: live functions (a listener
// or callback that is never removed is one each), live objects, and heapUsed. Read through the
// DevTools protocol: of this process (node:inspector), of another Node process started with
// --inspect (its WebSocket URL), or of a Chromium page (a CDP session). Leak checks compare a reading before and after N cycles
// against a bound smaller than N.
import { Session } from 'node:inspector/promises';
import WebSocket from 'ws';

export interface HeapReading {
  functions: number;
  objects: number;
  heapUsedBytes: number;
}

type Send = (method: string, params?: object) => Promise<Record<string, unknown>>;

/** A heap reading through any DevTools protocol session (e.g. Playwright's CDPSession of a page). */
export async function readHeap(send: Send): Promise<HeapReading> {
  return read(send);
}

async function read(send: Send): Promise<HeapReading> {
  // Twice: the first GC may only schedule finalizers that free more on the second.
  await send('HeapProfiler.collectGarbage');
  await send('HeapProfiler.collectGarbage');
  const count = async (expression: string): Promise<number> => {
    const proto = (await send('Runtime.evaluate', { expression })) as {
      result: { objectId: string };
    };
    const found = (await send('Runtime.queryObjects', {
      prototypeObjectId: proto.result.objectId,
    })) as { objects: { objectId: string } };
    const length = (await send('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    })) as { result: { value: number } };
    await send('Runtime.releaseObjectGroup', { objectGroup: '' }).catch(() => {});
    return length.result.value;
  };
  const functions = await count('Function.prototype');
  const objects = await count('Object.prototype');
  const { usedSize } = (await send('Runtime.getHeapUsage')) as { usedSize: number };
  return { functions, objects, heapUsedBytes: usedSize };
}

/** This process's heap (the driver under test runs here). */
export async function readOwnHeap(): Promise<HeapReading> {
  const session = new Session();
  session.connect();
  try {
    return await read((method, params) => session.post(method, params) as never);
  } finally {
    session.disconnect();
  }
}

/** The `ws://…` DevTools URL a process started with --inspect=127.0.0.1:0 printed. */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

/** Another Node process's heap, through its inspector WebSocket. */
export async function readRemoteHeap(url: string): Promise<HeapReading> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    if (msg.id === undefined) return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) p?.reject(new Error(msg.error.message));
    else p?.resolve(msg.result);
  });
  const send: Send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    return await read(send);
  } finally {
    ws.close();
  }
}

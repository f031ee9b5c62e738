// Shared set-up for the simulated-host snapshot tests.
import { expect } from 'vitest';
import { BOOT_MS } from '../../../src/main/drivers/simulated';
import { VirtdeskError } from '../../../src/shared/errors';
import type { NewSnapshotSpec } from '../../../src/shared/model';
import { makeHost } from '../simulated/memoryStore';

const vmSpec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };
export const disk = (name: string, extra: Partial<NewSnapshotSpec> = {}): NewSnapshotSpec => ({
  name,
  description: '',
  withMemory: false,
  quiesce: false,
  ...extra,
});
export const mem = (name: string) => disk(name, { withMemory: true });

export type Ctx = Awaited<ReturnType<typeof fresh>>;

export async function fresh() {
  const ctx = makeHost();
  const vm = await ctx.host.vmCreate(vmSpec);
  ctx.events.length = 0;
  return { ...ctx, id: vm.id, snaps: ctx.host.snapshots };
}

export async function running() {
  const ctx = await fresh();
  await ctx.host.vmStart(ctx.id);
  ctx.clock.advance(BOOT_MS);
  return ctx;
}

export async function refusal(p: Promise<unknown>): Promise<VirtdeskError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  return e as VirtdeskError;
}

const dec = new TextDecoder();
// eslint-disable-next-line no-control-regex -- stripping terminal colour codes
const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** Attaches to the serial console and types `lines`, returning what the guest printed. */
export async function typeInto(ctx: Ctx, lines: string[]) {
  const out: Uint8Array[] = [];
  const a = await ctx.host.attachConsole(
    ctx.id,
    { send: (b) => out.push(b), closed: () => {} },
    80,
    24,
  );
  for (const line of lines) {
    a.input(new TextEncoder().encode(`${line}\r`));
    ctx.clock.advance(200);
    a.ack(out.reduce((n, b) => n + b.byteLength, 0));
  }
  a.detach();
  return plain(out.map((b) => dec.decode(b)).join(''));
}

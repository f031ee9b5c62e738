// 50 rapid attach/detach cycles of one VM's serial console through the libvirt driver over SSH
// (issue 16, fault suite), on a diskless vd-tiny clone of our own (vdrel-storm-…): detaches,
// takeovers by the next attach, and bursts of attaches at once. Afterwards the console answers a
// typed command, exactly one console channel (one remote `virsh console`) serves it, only the last
// client gets output, and nothing grew by one per cycle: the console channel's listeners, the
// channels opened, and this process's live functions and objects after a full GC. Then the remote
// `virsh console` killed (the window is told so, not "VM stopped"; the next attach works), the
// connection killed with a console open, and a forced-off VM (which does say "VM stopped").
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostVirsh } from '../../../bench/support/hostVirsh';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import type { HostSession } from '../../../src/main/drivers/libvirt-ssh/hostSession';
import type { HostChannel } from '../../../src/main/drivers/libvirt-ssh/transport';
import type { ConsoleAttachment, ConsoleClient } from '../../../src/main/console/consoleHub';
import { readOwnHeap } from '../../support/heapProbe';
import { argvOf, descendants } from '../../support/hostTruth';
import { killPids, ourSshdPids } from '../../support/sshdPids';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';
import { connectKeyDriver } from '../../support/testbedDriver';
import type { TinyClone } from '../../support/tinyClone';
import { defineTinyClone, removeTinyClone } from '../../support/tinyClone';

const CYCLES = 50;
// busybox asks the terminal for the cursor position (ESC [ 6 n); drop such sequences.
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const enc = (s: string) => new TextEncoder().encode(s);

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let cleanupHome: () => void;
let clone: TinyClone;
/** Every console channel the driver opened, seen through its transport. */
const consoleChannels: HostChannel[] = [];

/** A console client that records what it got, and when. */
function recorder() {
  const r = { out: '', closed: null as string | null, lastAt: 0 };
  const client: ConsoleClient = {
    send: (b) => {
      r.out += Buffer.from(b).toString('utf8');
      r.lastAt = Date.now();
    },
    closed: (why) => (r.closed = why),
  };
  return { r, client };
}

/** Pokes Enter until the guest's shell prompt shows. */
async function prompt(a: ConsoleAttachment, r: { out: string }): Promise<void> {
  let poked = 0;
  await waitUntil(
    () => {
      if (Date.now() - poked > 700) {
        poked = Date.now();
        a.input(enc('\r'));
      }
      return /# $/m.test(r.out.replace(/\r/g, '').replace(CSI, ''));
    },
    60_000,
    'a shell prompt',
  );
}

/** The remote `virsh console` processes of the clone under our SSH connection. */
async function remoteConsoles(): Promise<number[]> {
  return descendants(await ourSshdPids(tb)).filter((p) => {
    const argv = argvOf(p);
    return argv.includes('console') && argv.includes(clone.uuid);
  });
}

const listeners = (c: HostChannel) =>
  ['data', 'close', 'exit', 'end'].reduce(
    (n, e) => n + (c as unknown as NodeJS.EventEmitter).listenerCount(e),
    0,
  );

beforeAll(async () => {
  tb = requireTestbed();
  clone = await defineTinyClone(tb, `vdrel-storm-${randomBytes(3).toString('hex')}`);
  await hostVirsh(tb.libvirt.system, 'start', clone.uuid);
  ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport: 'ssh', waitForEvents: true }));
  // Watch the transport (it passes everything through) to see the console channels opened.
  const session = (driver as unknown as { conn: { session: HostSession } }).conn.session;
  const exec = session.transport.exec.bind(session.transport);
  session.transport.exec = async (argv, opts) => {
    const channel = await exec(argv, opts);
    if (argv.includes('console')) consoleChannels.push(channel);
    return channel;
  };
  await waitUntil(
    async () => (await driver.vmList()).find((v) => v.id === clone.uuid)?.state === 'running',
    20_000,
    'the clone running',
  );
});

afterAll(async () => {
  await driver?.close();
  cleanupHome?.();
  if (clone) await removeTinyClone(tb, clone);
});

/** CYCLES rapid cycles: detaches, takeovers by the next attach, and bursts of attaches at once. */
async function storm(): Promise<{ records: ReturnType<typeof recorder>[]; ms: number }> {
  const records: ReturnType<typeof recorder>[] = [];
  const started = Date.now();
  for (let i = 0; i < CYCLES; i++) {
    const rec = recorder();
    records.push(rec);
    if (i % 10 === 9) {
      // A burst: attaches in flight together, each taking the console from the one before.
      const burst = [recorder(), recorder(), recorder()];
      records.push(...burst);
      const all = await Promise.all(
        [rec, ...burst].map((x) => driver.attachConsole(clone.uuid, x.client, 80, 24)),
      );
      for (const a of all) a.detach();
      continue;
    }
    const a = await driver.attachConsole(clone.uuid, rec.client, 100 + i, 30);
    a.input(enc('\r'));
    // Every other cycle detaches; the rest are taken over by the next attach.
    if (i % 2 === 0) a.detach();
  }
  return { records, ms: Date.now() - started };
}

/** Attaches once more, types a command and waits for its answer; returns what it saw. */
async function typedCommandAnswers(): Promise<{ token: string; attachedAt: number }> {
  const last = recorder();
  const a = await driver.attachConsole(clone.uuid, last.client, 80, 24);
  const attachedAt = Date.now();
  const token = `storm-${randomBytes(4).toString('hex')}`;
  a.input(enc(`echo ${token}\r`));
  await waitUntil(
    () => new RegExp(`\\n${token}\\r?\\n`).test(last.r.out),
    15_000,
    `${token} echoed`,
  );
  a.detach();
  return { token, attachedAt };
}

describe('libvirt over ssh: console attach/detach storm', () => {
  it(`${CYCLES} rapid cycles leave one working console and nothing that grew per cycle`, async () => {
    const first = recorder();
    const a0 = await driver.attachConsole(clone.uuid, first.client, 80, 24);
    await prompt(a0, first.r);
    a0.detach();
    // Warm-up, the same storm: whatever is made once (code compiled, buffers sized) is made now.
    await storm();
    await typedCommandAnswers();
    expect(consoleChannels).toHaveLength(1);
    const channel = consoleChannels[0]!;
    const before = { heap: await readOwnHeap(), listeners: listeners(channel) };

    const { records, ms } = await storm();
    const attaches = records.length;
    const { token, attachedAt } = await typedCommandAnswers();
    // Only the last client got output: every storm client was detached or taken over.
    expect(records.filter((x) => x.r.lastAt > attachedAt)).toEqual([]);
    expect(records.filter((x) => x.r.out.includes(token))).toEqual([]);
    expect(
      records
        .map((x) => x.r.closed)
        .filter((why) => why !== null && why !== 'taken over by another window'),
    ).toEqual([]);
    // One channel, one remote virsh console, for everything.
    expect(consoleChannels).toHaveLength(1);
    expect(await remoteConsoles()).toHaveLength(1);

    // The test's own records (and the clients' closures they hold) must not count as a leak.
    records.length = 0;
    const after = { heap: await readOwnHeap(), listeners: listeners(channel) };
    console.log(
      `console storm: ${CYCLES} cycles (${attaches} attaches) in ${ms} ms; ` +
        `channel listeners ${before.listeners} → ${after.listeners}; ` +
        `live functions ${before.heap.functions} → ${after.heap.functions}, ` +
        `objects ${before.heap.objects} → ${after.heap.objects}, ` +
        `heapUsed ${before.heap.heapUsedBytes} → ${after.heap.heapUsedBytes}`,
    );
    expect(after.listeners).toBe(before.listeners);
    // A leak of one listener (a closure) or one channel per cycle would add ≥ CYCLES of each.
    expect(after.heap.functions - before.heap.functions).toBeLessThan(CYCLES);
    expect(after.heap.objects - before.heap.objects).toBeLessThan(CYCLES);
  });

  it('the remote virsh console killed: told it ended (not that the VM stopped), and the next attach works', async () => {
    const a = recorder();
    await driver.attachConsole(clone.uuid, a.client, 80, 24);
    const [pid] = await remoteConsoles();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await waitUntil(() => a.r.closed ?? undefined, 10_000, 'the console to close');
    expect(a.r.closed).toBe('virsh console ended on the host (SIGKILL)');
    expect((await driver.vmGet(clone.uuid)).state).toBe('running');
    // A new attach opens a new console channel, which answers.
    const opened = consoleChannels.length;
    const c = recorder();
    const attached = await driver.attachConsole(clone.uuid, c.client, 80, 24);
    // A new `virsh console` takes a moment to reach the guest's line: Enter until a prompt.
    await prompt(attached, c.r);
    attached.detach();
    await typedCommandAnswers();
    expect(consoleChannels).toHaveLength(opened + 1);
    expect(await remoteConsoles()).toHaveLength(1);

    // The connection itself lost: the console says so, not that the VM stopped.
    const b = recorder();
    await driver.attachConsole(clone.uuid, b.client, 80, 24);
    killPids(await ourSshdPids(tb), 'SIGKILL');
    await waitUntil(() => b.r.closed ?? undefined, 10_000, 'the console to close');
    expect(b.r.closed).toMatch(/^(Connection lost: |virsh console ended on the host)/);
  });

  it('a VM forced off still says the VM stopped', async () => {
    await waitUntil(() => driver.getHost().connection === 'connected', 20_000, 'reconnected');
    const a = recorder();
    await driver.attachConsole(clone.uuid, a.client, 80, 24);
    await driver.vmForceOff(clone.uuid);
    await waitUntil(() => a.r.closed ?? undefined, 10_000, 'the console to close');
    expect(a.r.closed).toBe('VM stopped');
  });
});

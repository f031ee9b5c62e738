// The same commands over the same SSH connection, as the persistent virsh session (one at a time,
// and batched) and as one exec channel per command, must give the same answers. The timings it
// prints explain why the driver keeps one session; the goals live in bench/ssh.ts, not here.
// The commands are ones whose answers other integration files do not change while this runs (the
// lifecycle tests start and stop the guest, so not domstate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshLink } from '../../../src/main/drivers/libvirt-ssh/connection';
import { connectSsh } from '../../../src/main/drivers/libvirt-ssh/connection';
import { inventoryRead } from '../../../src/main/drivers/libvirt-ssh/inventory';
import type { VirshArg } from '../../../src/main/drivers/libvirt-ssh/quote';
import { virshLine } from '../../../src/main/drivers/libvirt-ssh/quote';
import { resolveTarget } from '../../../src/main/drivers/libvirt-ssh/target';
import type { VirshResult } from '../../../src/main/drivers/libvirt-ssh/virsh';
import { VirshSession, virshArgv } from '../../../src/main/drivers/libvirt-ssh/virsh';
import { commandFailure } from '../../../src/main/drivers/libvirt-ssh/virshErrors';
import type { TestbedInfo } from '../../support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter } from '../../support/testbed';

const N = 20;
let tb: TestbedInfo;
let link: SshLink;
let virsh: VirshSession;
let hostName: string;
let cleanupHome: () => void;

interface Command {
  command: string;
  args: VirshArg[];
}

/** What a command answered, in a form all three paths can be compared in. */
type Answer = { ok: true; stdout: string } | { ok: false; code: string; message: string };

function fromSession(result: VirshResult): Answer {
  return result.ok
    ? { ok: true, stdout: result.stdout }
    : { ok: false, code: result.error.code, message: result.error.message };
}

/**
 * One exec channel running `virsh … command`. Its stdout is compared as it comes; a failure is
 * read through the same rules as the session's `error:` lines, since the two paths report it
 * differently (the session by an `error:` line only, an exec channel also by its exit status).
 */
async function execAnswer({ command, args }: Command): Promise<Answer> {
  const ch = await link.exec(virshArgv(tb.libvirt.system, command, ...args.flat()));
  ch.setEncoding('utf8');
  ch.stderr.setEncoding('utf8');
  let stdout = '';
  let stderr = '';
  let code: number | null = null;
  ch.on('data', (s: string) => (stdout += s));
  ch.stderr.on('data', (s: string) => (stderr += s));
  ch.on('exit', (c: number | null) => (code = c));
  await new Promise((resolve) => ch.on('close', resolve));
  if (code !== 0) {
    const error = commandFailure(code, stderr, hostName);
    return { ok: false, code: error.code, message: error.message };
  }
  return { ok: true, stdout };
}

const line = ({ command, args }: Command): string => virshLine(command, ...args);

beforeAll(async () => {
  tb = requireTestbed();
  const h = makeSshHome(tb, { keys: ['key'] });
  cleanupHome = h.cleanup;
  const target = resolveTarget(tb.libvirt.sshUri, { home: h.home, localUser: 'nobody' });
  hostName = target.hostName;
  link = await connectSsh({
    target,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: h.appKnownHosts,
    sshAuthSock: null,
    home: h.home,
  });
  virsh = await VirshSession.open(link, { uri: target.virshUri, hostName });
});

afterAll(() => {
  virsh?.close();
  link?.close();
  cleanupHome?.();
});

describe('libvirt-ssh: command transport', () => {
  it('answers the same through the persistent session, a batch and an exec channel', async () => {
    const uuid: Command = { command: 'domuuid', args: [['--domain', tb.guest.name]] };
    // A one-line answer, a long multi-line one and a failure.
    const commands: Command[] = [
      uuid,
      { command: 'dumpxml', args: [['--domain', tb.guest.name], '--inactive'] },
      { command: 'domuuid', args: [['--domain', 'vd-perf-no-such-domain']] },
    ];
    const one: Answer[] = [];
    for (const c of commands) one.push(fromSession((await virsh.batch([line(c)]))[0]!));
    const batched = (await virsh.batch(commands.map(line))).map(fromSession);
    const exec: Answer[] = [];
    for (const c of commands) exec.push(await execAnswer(c));
    expect(batched).toEqual(one);
    expect(exec).toEqual(one);
    // What the answers are, so three paths agreeing on nothing (or on an error) cannot pass.
    const [id, xml, missing] = one;
    expect(id).toEqual({ ok: true, stdout: expect.stringMatching(/^[0-9a-f-]{36}\n$/) });
    expect(xml).toMatchObject({
      ok: true,
      stdout: expect.stringContaining(`<name>${tb.guest.name}</name>`),
    });
    expect(xml).toMatchObject({
      ok: true,
      stdout: expect.stringContaining((id as { stdout: string }).stdout.trim()),
    });
    expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    // The timings: the same one-line command N times over each path, every answer the same.
    const answers: Answer[] = [];
    let t = performance.now();
    for (let i = 0; i < N; i++) answers.push(fromSession((await virsh.batch([line(uuid)]))[0]!));
    const persistentMs = (performance.now() - t) / N;
    t = performance.now();
    answers.push(
      ...(await virsh.batch(Array.from({ length: N }, () => line(uuid)))).map(fromSession),
    );
    const batchedMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < N; i++) answers.push(await execAnswer(uuid));
    const execMs = (performance.now() - t) / N;
    expect(answers).toEqual(Array.from({ length: 3 * N }, () => id));

    t = performance.now();
    await inventoryRead({ virsh, hostId: 'tb' });
    const firstInventoryMs = performance.now() - t; // includes the XML parser's warm-up
    t = performance.now();
    const records = await inventoryRead({ virsh, hostId: 'tb' });
    const inventoryMs = performance.now() - t;
    console.log(
      JSON.stringify({
        bench: 'libvirt-ssh-transport',
        persistentMsPerCommand: +persistentMs.toFixed(1),
        [`batchOf${N}Ms`]: +batchedMs.toFixed(1),
        execChannelMsPerCommand: +execMs.toFixed(1),
        firstInventoryMs: +firstInventoryMs.toFixed(1),
        inventoryMs: +inventoryMs.toFixed(1),
        domains: records.size,
      }),
    );
    expect([...records.values()].map((r) => JSON.stringify(r))).toEqual(
      expect.arrayContaining([expect.stringContaining(tb.guest.name)]),
    );
  });
});

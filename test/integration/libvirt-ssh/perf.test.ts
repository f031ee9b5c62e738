// The same commands over the same SSH connection, as the persistent virsh session (one at a time,
// and batched) and as one exec channel per command, must give the same answers. The timings it
// prints explain why the driver keeps one session; the goals live in bench/ssh.ts, not here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshLink } from '../../../src/main/drivers/libvirt-ssh/connection';
import { connectSsh } from '../../../src/main/drivers/libvirt-ssh/connection';
import { inventoryRead } from '../../../src/main/drivers/libvirt-ssh/inventory';
import { virshLine } from '../../../src/main/drivers/libvirt-ssh/quote';
import { resolveTarget } from '../../../src/main/drivers/libvirt-ssh/target';
import { VirshSession, virshArgv } from '../../../src/main/drivers/libvirt-ssh/virsh';
import type { TestbedInfo } from '../../support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter } from '../../support/testbed';

const N = 20;
let tb: TestbedInfo;
let link: SshLink;
let virsh: VirshSession;
let cleanupHome: () => void;

function execOnce(argv: string[]): Promise<void> {
  return link.exec(argv).then(
    (ch) =>
      new Promise<void>((resolve) => {
        ch.on('data', () => {});
        ch.stderr.on('data', () => {});
        ch.on('close', () => resolve());
      }),
  );
}

beforeAll(async () => {
  tb = requireTestbed();
  const h = makeSshHome(tb, { keys: ['key'] });
  cleanupHome = h.cleanup;
  const target = resolveTarget(tb.libvirt.sshUri, { home: h.home, localUser: 'nobody' });
  link = await connectSsh({
    target,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: h.appKnownHosts,
    sshAuthSock: null,
    home: h.home,
  });
  virsh = await VirshSession.open(link, { uri: target.virshUri, hostName: target.hostName });
});

afterAll(() => {
  virsh?.close();
  link?.close();
  cleanupHome?.();
});

describe('libvirt-ssh: command transport', () => {
  it('answers the same through the persistent session, a batch and an exec channel', async () => {
    const line = virshLine('domstate', ['--domain', tb.guest.name]);
    const answers: string[] = [];
    let t = performance.now();
    for (let i = 0; i < N; i++) answers.push((await virsh.call(line)).trim());
    const persistentMs = (performance.now() - t) / N;
    t = performance.now();
    const batched = await virsh.batch(Array.from({ length: N }, () => line));
    const batchedMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < N; i++) {
      await execOnce(virshArgv(tb.libvirt.system, 'domstate', '--domain', tb.guest.name));
    }
    const execMs = (performance.now() - t) / N;
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
    expect(new Set(answers).size).toBe(1);
    expect(['running', 'shut off', 'paused']).toContain(answers[0]);
    expect(batched).toHaveLength(N);
    expect(JSON.stringify(batched)).toContain(answers[0]!);
    expect([...records.values()].map((r) => JSON.stringify(r))).toEqual(
      expect.arrayContaining([expect.stringContaining(tb.guest.name)]),
    );
  });
});

// Fault suite, kill -9: browser mode is SIGKILLed while requests that define VMs, take snapshots and
// create volumes are streaming through its real WebSocket api, then started again on the same data
// dir. Each kill must leave the data dir whole (no corrupt-file notice, nothing moved aside), every
// change whose request had resolved (the UI had confirmed it) present, and the host consistent.
// Each kind is killed ROUNDS times at different moments: one run proves little about a race.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WsApiClient } from '../support/wsApiClient';
import { connectApi } from '../support/wsApiClient';
import type { RunningWeb } from '../support/webServer';
import { startWeb } from '../support/webServer';

const ROUNDS = 5;
/** Requests kept in flight at once, as a user clicking fast or a script would. */
const IN_FLIGHT = 4;
const HOST = 'sim1';

interface Kind {
  /** Sends one change named `name`. */
  send(api: WsApiClient, name: string): Promise<unknown>;
  /** The names of this kind's changes the host has now. */
  present(api: WsApiClient): Promise<Set<string>>;
  /** Cross-object checks: what the host holds fits together. */
  consistent(api: WsApiClient): Promise<void>;
}

async function vmIdOf(api: WsApiClient, name: string): Promise<string> {
  const vm = (await api.call('vmList', { hostId: HOST })).find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm.id;
}

const volumes = (api: WsApiClient) => api.call('volumeList', { hostId: HOST, pool: 'default' });

const KINDS: Record<string, Kind> = {
  'VM define': {
    send: (api, name) =>
      api.call('vmCreate', {
        hostId: HOST,
        spec: { name, vcpus: 1, memoryMiB: 256, diskGiB: 1, network: 'default' },
      }),
    present: async (api) =>
      new Set((await api.call('vmList', { hostId: HOST })).map((v) => v.name)),
    consistent: async (api) => {
      // Each new VM and its image were one change: never a VM without its image, nor an image
      // left behind without its VM.
      const vms = (await api.call('vmList', { hostId: HOST })).filter((v) =>
        v.name.startsWith('k-'),
      );
      const images = (await volumes(api)).filter((v) => v.name.startsWith('k-'));
      expect(images.map((v) => v.name).sort()).toEqual(vms.map((v) => `${v.name}.qcow2`).sort());
      for (const image of images)
        expect(image.usedBy.map((u) => u.vmName)).toEqual([image.name.replace(/\.qcow2$/, '')]);
    },
  },
  'snapshot create': {
    send: async (api, name) =>
      api.call('snapshotCreate', {
        hostId: HOST,
        vmId: await vmIdOf(api, 'k3s-node-1'),
        name,
        description: '',
        withMemory: false,
        quiesce: false,
      }),
    present: async (api) => {
      const vmId = await vmIdOf(api, 'k3s-node-1');
      return new Set((await api.call('snapshotList', { hostId: HOST, vmId })).map((s) => s.name));
    },
    consistent: async (api) => {
      const vmId = await vmIdOf(api, 'k3s-node-1');
      const list = await api.call('snapshotList', { hostId: HOST, vmId });
      const names = new Set(list.map((s) => s.name));
      expect(names.size).toBe(list.length);
      // A tree: every parent exists, one current snapshot, the newest (each create becomes current).
      for (const s of list) if (s.parent !== null) expect(names.has(s.parent)).toBe(true);
      const current = list.filter((s) => s.isCurrent);
      if (list.length > 0) expect(current.map((s) => s.name)).toEqual([list.at(-1)!.name]);
    },
  },
  'volume create': {
    send: (api, name) =>
      api.call('volumeCreate', {
        hostId: HOST,
        pool: 'default',
        name,
        format: 'qcow2',
        capacityBytes: 2 ** 20,
      }),
    present: async (api) => new Set((await volumes(api)).map((v) => v.name)),
    consistent: async (api) => {
      const list = await volumes(api);
      expect(new Set(list.map((v) => v.name)).size).toBe(list.length);
      const [pool] = (await api.call('poolList', { hostId: HOST })).filter(
        (p) => p.name === 'default',
      );
      const allocated = list.reduce((sum, v) => sum + v.allocationBytes, 0);
      expect(pool?.allocationBytes).toBeGreaterThanOrEqual(allocated);
    },
  },
};

interface Tally {
  kills: number;
  sent: number;
  confirmed: number;
  unconfirmedKept: number;
  lost: number;
  tempsLeft: number;
}
const tallies: Record<string, Tally> = {};
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  console.log(`kill -9 fault suite (${ROUNDS} rounds each):`);
  for (const [kind, t] of Object.entries(tallies)) console.log(`  ${kind}: ${JSON.stringify(t)}`);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The hosts' files; a fresh server may not have written its first one yet. */
function hostFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'simulated');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Temp files of writes by processes other than `pid`: what a killed server left behind. */
function strayTemps(dataDir: string, pid: number | null): string[] {
  return hostFiles(dataDir).filter((f) => f.endsWith('.tmp') && !f.includes(`.${pid}.`));
}

/** What a restart found: no notice about the saved state, nothing moved aside or left over. */
async function expectWhole(api: WsApiClient, web: RunningWeb, dataDir: string): Promise<void> {
  const notices = await api.call('noticeList', {});
  expect(notices.map((n) => n.message)).toEqual([]);
  expect(hostFiles(dataDir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
  // The running server's own writes may be under way; a dead one's temp files are removed on load.
  expect(strayTemps(dataDir, web.pid)).toEqual([]);
}

describe('kill -9 during changes, then restart on the same data dir', () => {
  it.each(Object.keys(KINDS))('%s: every confirmed change survives each kill', async (name) => {
    const kind = KINDS[name]!;
    const dataDir = mkdtempSync(join(tmpdir(), 'vd-kill9-'));
    dirs.push(dataDir);
    const t: Tally = { kills: 0, sent: 0, confirmed: 0, unconfirmedKept: 0, lost: 0, tempsLeft: 0 };
    tallies[name] = t;
    const confirmed = new Set<string>();
    const unconfirmed = new Set<string>();
    let serial = 0;
    let web: RunningWeb | null = null;
    try {
      for (let round = 0; round <= ROUNDS; round++) {
        web = await startWeb({ dataDir });
        const api = await connectApi(web);
        await expectWhole(api, web, dataDir);
        const present = await kind.present(api);
        const lost = [...confirmed].filter((n) => !present.has(n));
        t.lost += lost.length;
        expect(lost).toEqual([]);
        for (const n of unconfirmed) if (present.has(n)) t.unconfirmedKept++;
        unconfirmed.clear();
        await kind.consistent(api);
        if (round === ROUNDS) {
          api.close();
          await web.stop();
          break;
        }

        // Keep IN_FLIGHT changes streaming; kill at a different moment each round.
        let killed = false;
        const worker = async (): Promise<void> => {
          while (!killed) {
            const change = `k-${round}-${serial++}`;
            t.sent++;
            unconfirmed.add(change);
            try {
              await kind.send(api, change);
            } catch (e) {
              if (!killed) throw e;
              return;
            }
            unconfirmed.delete(change);
            confirmed.add(change);
            t.confirmed++;
          }
        };
        const workers = Array.from({ length: IN_FLIGHT }, worker);
        await sleep(60 + round * 97);
        process.kill(web.pid, 'SIGKILL');
        killed = true;
        t.kills++;
        await Promise.all(workers);
        await web.stop();
        web = null;
        t.tempsLeft += strayTemps(dataDir, null).length;
      }
    } finally {
      await web?.stop();
    }
    expect(t.kills).toBe(ROUNDS);
    // Each round confirmed something before its kill, or the kill proved nothing.
    expect(t.confirmed).toBeGreaterThanOrEqual(ROUNDS);
  });
});

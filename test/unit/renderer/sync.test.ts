import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent, ApiMethod } from '../../../src/shared/api';
import { createApiClient } from '../../../src/shared/apiClient';
import { VirtdeskError } from '../../../src/shared/errors';
import type { Host, Vm } from '../../../src/shared/model';
import type { ApiConnection, LinkStatus } from '../../../src/renderer/src/api/link';
import type { Job } from '../../../src/shared/jobs';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';
import { useAppStore } from '../../../src/renderer/src/store/appStore';
import { useJobStore } from '../../../src/renderer/src/store/jobStore';
import { applyLocalEvents, startSync } from '../../../src/renderer/src/store/sync';
import { getVmUsage } from '../../../src/renderer/src/store/usageStore';
import { host, vm } from './fixtures';

const INITIAL = useAppStore.getState();

/** A promise settled from outside, so a test decides when main answers. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * main as the renderer sees it: hosts and VM lists answered from tables (or held until a test
 * releases them), events pushed by the test, a link status the test can bump.
 */
function fakeMain(hosts: Host[], vms: Record<string, Vm[]>, jobs: Job[] = []) {
  const listeners = new Set<(e: ApiEvent) => void>();
  const statusListeners = new Set<(s: LinkStatus) => void>();
  const calls: { method: ApiMethod; params: unknown }[] = [];
  let status: LinkStatus = { state: 'open', retryAt: null, attempt: 0, generation: 1 };
  let hold: Promise<void> | null = null;
  let hostListError: unknown = null;

  const answer = (method: ApiMethod, params: unknown): unknown => {
    if (method === 'hostList') {
      if (hostListError !== null) throw hostListError;
      return hosts;
    }
    if (method === 'jobList') return jobs;
    if (method === 'vmList') {
      const { hostId } = params as { hostId: string };
      const list = vms[hostId];
      if (!list) throw new VirtdeskError('HOST_ERROR', 'virsh list failed');
      return list;
    }
    return [];
  };
  const conn: ApiConnection = {
    api: createApiClient({
      call: async (method, params) => {
        calls.push({ method, params });
        if (method === 'hostList' && hold) await hold;
        return answer(method, params);
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    }),
    status: () => status,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    reconnect: () => undefined,
    openConsole: () => {
      throw new Error('no console in this test');
    },
    openDisplay: () => {
      throw new Error('no display in this test');
    },
    canOpenWindows: false,
  };
  return {
    conn,
    calls,
    count: (method: ApiMethod) => calls.filter((c) => c.method === method).length,
    push: (...events: ApiEvent[]) => events.forEach((e) => listeners.forEach((l) => l(e))),
    /** The next snapshot waits for the returned function to be called. */
    holdSnapshot(): () => void {
      const d = deferred<void>();
      hold = d.promise;
      return () => {
        hold = null;
        d.resolve();
      };
    },
    failSnapshot(e: unknown) {
      hostListError = e;
    },
    setStatus(next: Partial<LinkStatus>) {
      status = { ...status, ...next };
      statusListeners.forEach((l) => l(status));
    },
    listeners,
  };
}

const state = () => useAppStore.getState();
const settle = () => new Promise((done) => setTimeout(done, 30));

let stop: (() => void) | null = null;

beforeEach(() => {
  useAppStore.setState(INITIAL, true);
});

afterEach(() => {
  stop?.();
  stop = null;
});

describe('store/sync: the snapshot and the events around it', () => {
  it('loads hosts, their VMs and notices when the link is open', async () => {
    const main = fakeMain([host('h1', 'kvm')], { h1: [vm('h1', 'u1', 'web')] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    expect(state().hostOrder).toEqual(['h1']);
    expect(state().vms['h1/u1']?.name).toBe('web');
    expect(state().link.state).toBe('open');
  });

  it('holds events that arrive during the load and replays them on top of it, in order', async () => {
    const main = fakeMain([host('h1')], { h1: [vm('h1', 'u1', 'web'), vm('h1', 'u2', 'db')] });
    const release = main.holdSnapshot();
    stop = startSync(main.conn);
    await expect.poll(() => main.count('hostList')).toBe(1);

    main.push(
      { type: 'vm-changed', vm: vm('h1', 'u1', 'web', 'running') },
      { type: 'vm-changed', vm: vm('h1', 'u1', 'web', 'paused') },
      { type: 'vm-removed', hostId: 'h1', vmId: 'u2' },
      { type: 'vm-changed', vm: vm('h1', 'u3', 'new') },
    );
    applyLocalEvents([{ type: 'vm-changed', vm: vm('h1', 'u3', 'new', 'running') }]);
    await settle();
    // Nothing is applied before the snapshot it belongs on top of.
    expect(state().loaded).toBe(false);
    expect(state().vms).toEqual({});

    release();
    await expect.poll(() => state().loaded).toBe(true);
    expect(state().vms['h1/u1']?.state).toBe('paused');
    expect(state().vms['h1/u2']).toBeUndefined();
    expect(state().vms['h1/u3']?.state).toBe('running');
    expect(state().vmOrder.h1).toEqual(['h1/u3', 'h1/u1']);
  });

  it('applies a burst of pushed events as one batch, one store update', async () => {
    const main = fakeMain([host('h1')], { h1: [vm('h1', 'u1'), vm('h1', 'u2')] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    let updates = 0;
    const unsubscribe = useAppStore.subscribe(() => updates++);
    main.push(
      { type: 'vm-changed', vm: vm('h1', 'u1', 'u1', 'running') },
      { type: 'vm-changed', vm: vm('h1', 'u2', 'u2', 'running') },
      { type: 'vm-changed', vm: vm('h1', 'u1', 'u1', 'paused') },
    );
    expect(state().vms['h1/u1']?.state).toBe('shutoff');
    await expect.poll(() => state().vms['h1/u1']?.state).toBe('paused');
    expect(state().vms['h1/u2']?.state).toBe('running');
    expect(updates).toBe(1);
    unsubscribe();
  });

  it('applies local events at once, after the pushed ones already waiting', async () => {
    const main = fakeMain([host('h1')], { h1: [vm('h1', 'u1')] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    main.push({ type: 'vm-changed', vm: vm('h1', 'u1', 'u1', 'running') });
    applyLocalEvents([{ type: 'vm-changed', vm: vm('h1', 'u1', 'u1', 'paused') }]);
    expect(state().vms['h1/u1']?.state).toBe('paused');
    await settle();
    expect(state().vms['h1/u1']?.state).toBe('paused');
  });

  it('sends stats ticks to the usage samples, not the store; a host that drops loses them', async () => {
    const main = fakeMain([host('h1')], { h1: [vm('h1', 'u1', 'web', 'running')] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    let updates = 0;
    const unsubscribe = useAppStore.subscribe(() => updates++);
    main.push({
      type: 'stats',
      hostId: 'h1',
      at: 1000,
      vms: [{ vmId: 'u1', cpuPercent: 42, memoryUsedKiB: 512 }],
    });
    expect(getVmUsage('h1/u1')?.cpuPercent.at(-1)).toBe(42);
    await settle();
    expect(updates).toBe(0);
    unsubscribe();

    main.push({ type: 'host-changed', host: host('h1', 'h1', 'disconnected') });
    await expect.poll(() => getVmUsage('h1/u1')).toBeNull();
  });

  it('loads a new snapshot on each reconnect (new generation), not on other status changes', async () => {
    const hosts = [host('h1')];
    const main = fakeMain(hosts, { h1: [vm('h1', 'u1', 'old')] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    main.setStatus({ state: 'closed', retryAt: 5 });
    expect(state().link.state).toBe('closed');
    main.setStatus({ state: 'open', retryAt: null });
    await settle();
    expect(main.count('hostList')).toBe(1);

    hosts.push(host('h2'));
    main.setStatus({ generation: 2 });
    await expect.poll(() => state().hostOrder).toEqual(['h1', 'h2']);
    expect(main.count('hostList')).toBe(2);
  });

  it("lists a host's VMs when it connects after the snapshot, dropping the ones it lost", async () => {
    const vms: Record<string, Vm[]> = { h1: [vm('h1', 'u1', 'stale')] };
    const main = fakeMain([host('h1', 'lab', 'connecting')], vms);
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    expect(state().vmOrder.h1).toEqual(['h1/u1']);

    vms.h1 = [vm('h1', 'u2', 'fresh')];
    main.push({ type: 'host-changed', host: host('h1', 'lab', 'connected') });
    await expect.poll(() => state().vmOrder.h1).toEqual(['h1/u2']);
    expect(state().vms['h1/u1']).toBeUndefined();
    expect(main.count('vmList')).toBe(2);
  });

  it('still shows a host whose VMs cannot be listed, with its error', async () => {
    const main = fakeMain([host('h1', 'kvm'), host('h2', 'pve')], { h1: [vm('h1', 'u1')] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    expect(state().hostOrder).toEqual(['h1', 'h2']);
    expect(state().vmOrder.h2).toEqual([]);
    expect(state().errors.map((e) => e.message)).toEqual(['pve: virsh list failed']);
  });

  it('tells the user when the snapshot fails, but not when the link dropped', async () => {
    const main = fakeMain([], {});
    main.failSnapshot(new VirtdeskError('DISCONNECTED', 'link lost'));
    stop = startSync(main.conn);
    await settle();
    expect(state().errors).toEqual([]);
    expect(state().loaded).toBe(false);

    main.failSnapshot(new VirtdeskError('INTERNAL', 'boom'));
    main.setStatus({ generation: 2 });
    await expect
      .poll(() => state().errors.map((e) => e.message))
      .toEqual(['Could not load hosts: boom']);
  });

  it('stops listening when stopped', async () => {
    const main = fakeMain([host('h1')], { h1: [] });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    expect(main.listeners.size).toBe(1);
    stop();
    stop = null;
    expect(main.listeners.size).toBe(0);
    main.push({ type: 'vm-changed', vm: vm('h1', 'u1') });
    await settle();
    expect(state().vms).toEqual({});
    // Without a sync running, local events still reach the store.
    applyLocalEvents([{ type: 'vm-changed', vm: vm('h1', 'u9') }]);
    expect(Object.keys(state().vms)).toEqual(['h1/u9']);
  });
});

function migration(id: string, state: Job['state']): Job {
  return {
    id,
    kind: 'migration',
    state,
    title: 'Migrate web to h2',
    hostId: 'h1',
    vmId: 'u1',
    vmName: 'web',
    startedAt: 1,
    endedAt: state === 'running' ? null : 2,
    error: null,
    migration: {
      sourceHostId: 'h1',
      destHostId: 'h2',
      destUri: 'qemu+ssh://h2/system',
      options: DEFAULT_MIGRATION_OPTIONS,
      progress: null,
      samples: [],
      downtimeMs: null,
    },
  };
}

describe('store/sync: jobs', () => {
  beforeEach(() => useJobStore.setState({ jobs: [] }));

  it('loads the jobs with the snapshot (a reload shows them again) and follows their events', async () => {
    const main = fakeMain([host('h1')], { h1: [] }, [migration('j1', 'completed')]);
    stop = startSync(main.conn);
    await expect.poll(() => useJobStore.getState().jobs.map((j) => j.id)).toEqual(['j1']);
    main.push(
      { type: 'job-changed', job: migration('j2', 'running') },
      { type: 'job-removed', jobId: 'j1' },
    );
    await expect
      .poll(() => useJobStore.getState().jobs.map((j) => `${j.id}:${j.state}`))
      .toEqual(['j2:running']);
  });

  it('the selected VM, migrated, is selected again under its destination', async () => {
    const main = fakeMain([host('h1'), host('h2')], {
      h1: [vm('h1', 'u1', 'web', 'running')],
      h2: [],
    });
    stop = startSync(main.conn);
    await expect.poll(() => state().loaded).toBe(true);
    state().select({ kind: 'vm', key: 'h1/u1' });
    main.push({ type: 'job-changed', job: migration('j1', 'running') });
    await settle();
    // It leaves the source first (the source host shows meanwhile), then arrives.
    main.push({ type: 'vm-removed', hostId: 'h1', vmId: 'u1' });
    await expect.poll(() => state().selection).toEqual({ kind: 'host', hostId: 'h1' });
    main.push(
      { type: 'vm-changed', vm: vm('h2', 'u1', 'web', 'running') },
      { type: 'job-changed', job: migration('j1', 'completed') },
    );
    await expect.poll(() => state().selection).toEqual({ kind: 'vm', key: 'h2/u1' });
  });
});

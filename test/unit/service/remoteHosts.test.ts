// Remote connections through the service with a stand-in driver: saved without secrets, prompts
// as events answered by requests, removal, and bad URIs refused without saving anything.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/drivers/clock';
import { createService } from '../../../src/main/service';
import type { RemoteDriver, RemoteDriverFactory } from '../../../src/main/service/remoteHosts';
import type { Prompter } from '../../../src/main/service/prompts';
import { PROMPT_TIMEOUT_MS } from '../../../src/main/service/prompts';
import type { ApiEvent } from '../../../src/shared/api';
import type { Host } from '../../../src/shared/model';
import { CONNECTION_URI_MAX } from '../../../src/shared/validation/connectionUri';
import { tempDir } from './helpers';

function fakeFactory(
  made: { prompter: Prompter; connects: number; host: Host }[],
): RemoteDriverFactory {
  return ({ hostId, name, uri, prompter }) => {
    const rec = {
      prompter,
      connects: 0,
      host: {
        id: hostId,
        name,
        driver: 'libvirt-ssh',
        driverLabel: 'libvirt over SSH',
        capabilities: {
          reconnect: true,
          remove: true,
          storage: false,
          snapshots: false,
          migrate: false,
          hostDevices: false,
          display: false,
          networks: false,
          tuning: false,
          hardware: false,
        },
        uri,
        connection: 'connecting',
        hypervisor: '',
        hardware: null,
        networks: [],
      } as Host,
    };
    made.push(rec);
    const driver: Partial<RemoteDriver> = {
      hostId,
      getHost: () => rec.host,
      connect: () => void rec.connects++,
      reconnect: () => void rec.connects++,
      vmList: async () => [],
      onEvent: () => () => undefined,
      onStats: () => () => undefined,
      close: async () => undefined,
    };
    return driver as RemoteDriver;
  };
}

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup(opts: { dir?: string; localHypervisor?: () => string | null } = {}) {
  const t = opts.dir ? { dir: opts.dir, cleanup: async () => {} } : await tempDir();
  const clock = new ManualClock();
  const made: { prompter: Prompter; connects: number; host: Host }[] = [];
  const service = await createService({
    dataDir: t.dir,
    clock,
    remoteDriverFactory: fakeFactory(made),
    localHypervisor: opts.localHypervisor,
  });
  const events: ApiEvent[] = [];
  service.onEvent((e) => events.push(e));
  cleanup = async () => {
    await service.close();
    await t.cleanup();
  };
  return { dir: t.dir, clock, made, service, events };
}

describe('remote connections', () => {
  it('adds a host, connects it, saves only its name and URI, and lists it', async () => {
    const s = await setup();
    const host = (await s.service.dispatch('connectionAdd', {
      uri: 'qemu+ssh://vdtest@127.0.0.1:2222/system',
      name: 'lab',
    })) as Host;
    expect(host).toMatchObject({ name: 'lab', driver: 'libvirt-ssh', connection: 'connecting' });
    expect(s.made[0]!.connects).toBe(1);
    const hosts = (await s.service.dispatch('hostList', {})) as Host[];
    expect(hosts.map((h) => h.name)).toEqual(['sim1', 'sim2', 'lab']);
    await s.service.close();
    const saved = JSON.parse(await readFile(join(s.dir, 'connections.json'), 'utf8'));
    expect(saved).toEqual({
      version: 1,
      connections: [{ id: host.id, name: 'lab', uri: 'qemu+ssh://vdtest@127.0.0.1:2222/system' }],
    });
  });

  it('refuses hostile or duplicate URIs and saves nothing', async () => {
    const s = await setup();
    for (const uri of [
      'qemu+ssh://a;rm -rf /@h/system',
      'qemu+ssh://$(reboot)/system',
      'http://x/',
      'x'.repeat(CONNECTION_URI_MAX + 1),
    ]) {
      await expect(s.service.dispatch('connectionAdd', { uri, name: '' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
    }
    await s.service.dispatch('connectionAdd', { uri: 'qemu+ssh://root@nas/system', name: '' });
    await expect(
      s.service.dispatch('connectionAdd', { uri: 'qemu+ssh://root@nas/system', name: 'again' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(s.made).toHaveLength(1);
  });

  it("adds this machine's libvirt from a local URI, named for it, with no prompt", async () => {
    const s = await setup();
    const host = (await s.service.dispatch('connectionAdd', {
      uri: 'qemu+unix:///session',
      name: '',
    })) as Host;
    expect(host).toMatchObject({ name: 'This machine (session)', uri: 'qemu:///session' });
    expect(host.id).toMatch(/^local-/);
    await expect(
      s.service.dispatch('connectionAdd', { uri: 'qemu:///session', name: 'again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(s.events.some((e) => e.type === 'prompt')).toBe(false);
  });

  it('adds the local hypervisor by itself on the first start that finds it, and never again once removed', async () => {
    const t = await tempDir();
    let asked = 0;
    const localHypervisor = () => (asked++, 'qemu:///system');
    const first = await setup({ dir: t.dir, localHypervisor });
    const hosts = (await first.service.dispatch('hostList', {})) as Host[];
    const local = hosts.find((h) => h.uri === 'qemu:///system');
    expect(local).toMatchObject({ name: 'This machine' });
    expect(first.made[0]!.connects).toBe(1);
    await first.service.dispatch('connectionRemove', { hostId: local!.id });
    await first.service.close();
    const second = await setup({ dir: t.dir, localHypervisor });
    const again = (await second.service.dispatch('hostList', {})) as Host[];
    expect(again.map((h) => h.uri)).not.toContain('qemu:///system');
    expect(second.made).toHaveLength(0);
    expect(asked).toBe(1);
    const saved = JSON.parse(await readFile(join(t.dir, 'connections.json'), 'utf8'));
    expect(saved).toEqual({ version: 1, connections: [], localAdded: true });
    await second.service.close();
    await t.cleanup();
  });

  it('adds no local hypervisor when none is found, and asks again on the next start', async () => {
    const t = await tempDir();
    const none = await setup({ dir: t.dir, localHypervisor: () => null });
    expect(none.made).toHaveLength(0);
    await none.service.close();
    const later = await setup({ dir: t.dir, localHypervisor: () => 'qemu:///session' });
    expect(later.made.map((m) => m.host.uri)).toEqual(['qemu:///session']);
    await later.service.close();
    await t.cleanup();
  });

  it('turns a driver question into a prompt event and the answer request into its reply', async () => {
    const s = await setup();
    await s.service.dispatch('connectionAdd', { uri: 'qemu+ssh://root@nas/system', name: '' });
    const decision = s.made[0]!.prompter.hostKey({
      host: 'nas',
      port: 22,
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:abc',
    });
    const prompt = s.events.find((e) => e.type === 'prompt');
    expect(prompt).toMatchObject({ prompt: { kind: 'host-key', fingerprint: 'SHA256:abc' } });
    const id = (prompt as { prompt: { id: string } }).prompt.id;
    expect(await s.service.dispatch('promptList', {})).toHaveLength(1);
    expect(
      await s.service.dispatch('promptAnswerHostKey', { promptId: id, decision: 'remember' }),
    ).toEqual({ answered: true });
    expect(await decision).toBe('remember');
    expect(s.events).toContainEqual({ type: 'prompt-closed', promptId: id });
    expect(
      await s.service.dispatch('promptAnswerHostKey', { promptId: id, decision: 'once' }),
    ).toEqual({
      answered: false,
    });

    const secret = s.made[0]!.prompter.secret({
      reason: 'password',
      title: 'Password for root@nas',
      instructions: '',
      fields: [{ label: 'Password', echo: false }],
    });
    const sp = s.events.filter((e) => e.type === 'prompt').at(-1) as { prompt: { id: string } };
    await expect(
      s.service.dispatch('promptAnswerSecret', { promptId: sp.prompt.id, responses: ['a', 'b'] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await s.service.dispatch('promptAnswerSecret', {
      promptId: sp.prompt.id,
      responses: ['hunter2'],
    });
    expect(await secret).toEqual(['hunter2']);
  });

  it('cancels a prompt nobody answers', async () => {
    const s = await setup();
    await s.service.dispatch('connectionAdd', { uri: 'qemu+ssh://root@nas/system', name: '' });
    const secret = s.made[0]!.prompter.secret({
      reason: 'password',
      title: 't',
      instructions: '',
      fields: [{ label: 'Password', echo: false }],
    });
    s.clock.advance(PROMPT_TIMEOUT_MS);
    expect(await secret).toBeNull();
  });

  it('removes a host: event, prompts cancelled, no longer saved', async () => {
    const s = await setup();
    const host = (await s.service.dispatch('connectionAdd', {
      uri: 'qemu+ssh://root@nas/system',
      name: '',
    })) as Host;
    const decision = s.made[0]!.prompter.hostKey({
      host: 'nas',
      port: 22,
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:x',
    });
    await s.service.dispatch('connectionRemove', { hostId: host.id });
    expect(await decision).toBe('cancel');
    expect(s.events).toContainEqual({ type: 'host-removed', hostId: host.id });
    expect(((await s.service.dispatch('hostList', {})) as Host[]).map((h) => h.id)).not.toContain(
      host.id,
    );
    await expect(
      s.service.dispatch('connectionReconnect', { hostId: host.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers add and remove, and announces them, only once connections.json holds the change', async () => {
    const s = await setup();
    const file = join(s.dir, 'connections.json');
    const inFile = (id: string) => readFileSync(file, 'utf8').includes(id);
    // What the file said when each host event went out (read synchronously in the listener).
    const seen: string[] = [];
    s.service.onEvent((e) => {
      if (e.type === 'host-changed' && e.host.driver === 'libvirt-ssh')
        seen.push(`changed ${inFile(e.host.id)}`);
      if (e.type === 'host-removed') seen.push(`removed ${inFile(e.hostId)}`);
    });
    const hosts = await Promise.all(
      ['a', 'b', 'c'].map(async (h) => {
        const host = (await s.service.dispatch('connectionAdd', {
          uri: `qemu+ssh://root@${h}/system`,
          name: '',
        })) as Host;
        expect(inFile(host.id)).toBe(true);
        return host;
      }),
    );
    await s.service.dispatch('connectionRemove', { hostId: hosts[0]!.id });
    expect(inFile(hosts[0]!.id)).toBe(false);
    expect(seen).toEqual(['changed true', 'changed true', 'changed true', 'removed false']);
  });

  it('fails an add whose write failed, saying so, yet shows the host it now has', async () => {
    const s = await setup();
    // A directory where connections.json should be: the rename over it fails.
    await mkdir(join(s.dir, 'connections.json', 'blocker'), { recursive: true });
    await expect(
      s.service.dispatch('connectionAdd', { uri: 'qemu+ssh://root@nas/system', name: 'nas' }),
    ).rejects.toMatchObject({
      code: 'HOST_ERROR',
      message: expect.stringMatching(/could not be saved to disk/),
    });
    expect(((await s.service.dispatch('hostList', {})) as Host[]).map((h) => h.name)).toContain(
      'nas',
    );
    expect(s.events.some((e) => e.type === 'notice')).toBe(true);
    await rm(join(s.dir, 'connections.json'), { recursive: true });
  });
});

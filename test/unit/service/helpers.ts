import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../../src/main/drivers/clock';
import type { VirtdeskService } from '../../../src/main/service';
import { createService } from '../../../src/main/service';
import type { ApiEvent, ApiMethod, Params, Result } from '../../../src/shared/api';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virtdesk-service-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function open(
  dir: string,
  clock = new ManualClock(),
  seedVmsPerHost = 0,
  simHosts?: number,
) {
  const service = await createService({ dataDir: dir, clock, seedVmsPerHost, simHosts });
  const events: ApiEvent[] = [];
  service.onEvent((e) => events.push(e));
  /** Typed dispatch for tests that send well-formed requests. */
  const call = <M extends ApiMethod>(method: M, params: Params<M>) =>
    service.dispatch(method, params) as Promise<Result<M>>;
  return { service, clock, events, call };
}

export type Opened = Awaited<ReturnType<typeof open>>;

export async function vmId(o: Opened, hostId: string, name: string): Promise<string> {
  const vm = (await o.call('vmList', { hostId })).find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm.id;
}

export type { VirtdeskService };

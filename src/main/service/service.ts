// The one place every request lands, whichever transport carried it: validate, route to the
// driver serving the host, and fan driver events out as api events.
import type { ApiEvent, ApiMethod, Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import { Listeners } from '../../shared/listeners';
import {
  consoleOpenSchema,
  displayOpenSchema,
  validateRequest,
} from '../../shared/validation/requests';
import type { ApiHost } from '../transports/apiHost';
import type { Clock } from '../drivers/clock';
import { realClock } from '../drivers/clock';
import type { HypervisorDriver } from '../drivers/driver';
import type { SimCpuShape } from '../drivers/simulated';
import { openSimulatedHost, simulatedHosts } from './hosts';
import { NoticeBoard } from './notices';
import { PromptBroker } from './prompts';
import type { RemoteDriverFactory } from './remoteHosts';
import { RemoteHosts } from './remoteHosts';
import { snapshotHandlers } from './snapshotHandlers';
import { storageHandlers } from './storageHandlers';
import { hostDeviceHandlers } from './hostDeviceHandlers';
import { JobRegistry } from './jobs';
import { migrationHandlers } from './migrationHandlers';
import { networkHandlers } from './networkHandlers';
import { tuningHandlers } from './tuningHandlers';
import { hardwareHandlers } from './hardwareHandlers';

/** What every transport serves (dispatch validates then runs; rejects with VirtdeskError). */
export interface VirtdeskService extends ApiHost {
  /** Stops timers and writes everything pending to disk. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  dataDir: string;
  clock?: Clock;
  /** Extra generated VMs per simulated host when a host is seeded fresh (benchmarks). */
  seedVmsPerHost?: number;
  /** How many simulated hosts (sim1 … simN); 2 when absent. */
  simHosts?: number;
  /** sim3 … are seeded fresh with this host's VM names (VIRTDESK_SIM_TWIN_OF). */
  simTwinOf?: string;
  /** Bench only: CPU layouts of some simulated hosts (VIRTDESK_SIM_CPUS). */
  simCpus?: Record<string, SimCpuShape>;
  /** Makes the driver for a libvirt host (qemu+ssh, or local); absent, adding one is refused. */
  remoteDriverFactory?: RemoteDriverFactory;
  /** This machine's libvirt URI, added once on the first start that finds it (localHypervisor.ts). */
  localHypervisor?: () => string | null;
}

type Handlers = { [M in ApiMethod]: (params: Params<M>) => Promise<Result<M>> };

export async function createService(opts: ServiceOptions): Promise<VirtdeskService> {
  const clock = opts.clock ?? realClock;
  const notices = new NoticeBoard(() => clock.now());
  const listeners = new Listeners<ApiEvent>('event');
  const drivers = new Map<string, HypervisorDriver>();
  let closed = false;

  const emit = (event: ApiEvent): void => listeners.emit(event);
  notices.onAdded((notice) => emit({ type: 'notice', notice }));
  const prompts = new PromptBroker(clock, emit);

  const attach = (driver: HypervisorDriver): void => {
    drivers.set(driver.hostId, driver);
    // Driver events are a subset of api events, so they pass through unchanged.
    const offEvents = driver.onEvent((event) => emit(event));
    const offStats = driver.onStats((tick) =>
      emit({ type: 'stats', hostId: driver.hostId, ...tick }),
    );
    unsubscribers.set(driver.hostId, () => {
      offEvents();
      offStats();
    });
  };
  const unsubscribers = new Map<string, () => void>();

  for (const host of simulatedHosts(opts.simHosts)) {
    const driver = await openSimulatedHost({
      dataDir: opts.dataDir,
      id: host.id,
      name: host.name,
      clock,
      notices,
      seedVmsPerHost: opts.seedVmsPerHost ?? 0,
      twinOf: opts.simTwinOf,
      cpus: opts.simCpus?.[host.id],
    });
    if (driver) attach(driver);
  }

  const remotes = new RemoteHosts({
    dataDir: opts.dataDir,
    clock,
    notices,
    prompterFor: (hostId) => prompts.forHost(hostId),
    localHypervisor: opts.localHypervisor,
    factory:
      opts.remoteDriverFactory ??
      (() => {
        throw new VirtdeskError('UNSUPPORTED', 'Remote hosts are not available in this build.');
      }),
    attach: (driver) => {
      attach(driver);
      emit({ type: 'host-changed', host: driver.getHost() });
    },
    detach: async (hostId) => {
      const driver = drivers.get(hostId);
      drivers.delete(hostId);
      unsubscribers.get(hostId)?.();
      unsubscribers.delete(hostId);
      prompts.cancelHost(hostId);
      await driver?.close();
      emit({ type: 'host-removed', hostId });
    },
  });
  if (opts.remoteDriverFactory) await remotes.load();

  const driverFor = (hostId: string): HypervisorDriver => {
    const driver = drivers.get(hostId);
    if (!driver) throw new VirtdeskError('NOT_FOUND', `No host with id ${JSON.stringify(hostId)}.`);
    return driver;
  };

  const jobs = new JobRegistry(clock, emit);
  const handlers: Handlers = {
    hostList: async () => [...drivers.values()].map((d) => d.getHost()),
    vmList: (p) => driverFor(p.hostId).vmList(),
    vmGet: (p) => driverFor(p.hostId).vmGet(p.vmId),
    vmCreate: (p) => driverFor(p.hostId).vmCreate(p.spec),
    vmStart: (p) => driverFor(p.hostId).vmStart(p.vmId),
    vmShutdown: (p) => driverFor(p.hostId).vmShutdown(p.vmId),
    vmReboot: (p) => driverFor(p.hostId).vmReboot(p.vmId),
    vmForceOff: (p) => driverFor(p.hostId).vmForceOff(p.vmId),
    vmPause: (p) => driverFor(p.hostId).vmPause(p.vmId),
    vmResume: (p) => driverFor(p.hostId).vmResume(p.vmId),
    vmDeletePlan: (p) => driverFor(p.hostId).vmDeletePlan(p.vmId),
    vmDelete: async (p) => {
      await driverFor(p.hostId).vmDelete(p.vmId, { disks: p.disks });
      return { deleted: true };
    },
    vmGetXml: (p) => driverFor(p.hostId).vmGetXml(p.vmId),
    vmDefineXml: (p) => driverFor(p.hostId).vmDefineXml(p.vmId, p.xml),
    connectionAdd: (p) => remotes.add(p.uri, p.name),
    connectionRemove: async (p) => {
      const host = driverFor(p.hostId).getHost();
      if (!host.capabilities.remove)
        throw new VirtdeskError('UNSUPPORTED', `${host.name} is built in: it cannot be removed.`);
      await remotes.remove(p.hostId);
      return { removed: true };
    },
    connectionReconnect: async (p) => {
      const driver = driverFor(p.hostId);
      if (!driver.reconnect)
        throw new VirtdeskError(
          'UNSUPPORTED',
          `${driver.getHost().name} has no connection to re-establish.`,
        );
      driver.reconnect();
      return driver.getHost();
    },
    promptList: async () => prompts.list(),
    promptAnswerHostKey: async (p) => ({ answered: prompts.answerHostKey(p.promptId, p.decision) }),
    promptAnswerSecret: async (p) => ({ answered: prompts.answerSecret(p.promptId, p.responses) }),
    noticeList: async () => notices.list(),
    noticeDismiss: async (p) => ({ dismissed: notices.dismiss(p.noticeId) }),
    ...snapshotHandlers(driverFor),
    ...storageHandlers(driverFor),
    ...hostDeviceHandlers(driverFor),
    ...migrationHandlers({ driverFor, jobs, now: () => clock.now() }),
    ...networkHandlers(driverFor),
    ...tuningHandlers(driverFor),
    ...hardwareHandlers(driverFor),
  };

  return {
    async dispatch(method, params) {
      if (closed) throw new VirtdeskError('DISCONNECTED', 'virtdesk is shutting down.');
      const request = validateRequest(method, params);
      const handler = handlers[request.method] as (p: unknown) => Promise<unknown>;
      try {
        return await handler(request.params);
      } catch (e) {
        if (e instanceof VirtdeskError) throw e;
        // Anything else is a bug; keep its message, drop the type so callers see one error class.
        throw new VirtdeskError('INTERNAL', e instanceof Error ? e.message : String(e));
      }
    },
    async openConsole(params, client) {
      if (closed) throw new VirtdeskError('DISCONNECTED', 'virtdesk is shutting down.');
      const p = consoleOpenSchema(params, '');
      return driverFor(p.hostId).attachConsole(p.vmId, client, p.cols, p.rows);
    },
    async openDisplay(params, client) {
      if (closed) throw new VirtdeskError('DISCONNECTED', 'virtdesk is shutting down.');
      const p = displayOpenSchema(params, '');
      const driver = driverFor(p.hostId);
      if (!driver.display)
        throw new VirtdeskError('UNSUPPORTED', `${driver.getHost().name} cannot show VM screens.`);
      return driver.display.attach(p.vmId, client);
    },
    onEvent(listener) {
      return listeners.add(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const off of unsubscribers.values()) off();
      jobs.close();
      await Promise.all([...drivers.values()].map((d) => d.close()));
      await remotes.flush();
      listeners.clear();
    },
  };
}

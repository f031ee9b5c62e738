// Wires the api to the store: loads a snapshot (hosts, their VMs, notices) when the link opens,
// again after every reconnect, and applies pushed events in between. Events that arrive while a
// snapshot is loading are held and replayed on top of it, so nothing is lost or applied twice out
// of order. State changes arrive only as events; nothing here polls. Open prompts load with the
// snapshot (promptStore), and so do jobs (jobStore); usage ticks go straight to usageStore,
// outside React state.
import type { ApiEvent } from '../../../shared/api';
import { VirtdeskError } from '../../../shared/errors';
import type { Vm } from '../../../shared/model';
import type { ApiConnection } from '../api';
import { errorMessage } from '../lib/errorText';
import { vmKey } from './keys';
import { useAppStore } from './appStore';
import { hostsNowConnected, vmListEvents } from './hostVms';
import { useJobStore } from './jobStore';
import type { Following } from './migrationFollow';
import { arrival, noteDepartures } from './migrationFollow';
import { usePromptStore } from './promptStore';
import { applyStatsTick, dropHostUsage, dropVmUsage } from './usageStore';

/** Events are applied in small batches so a burst re-renders once, not once per event. */
const BATCH_MS = 8;

let applyLocal: ((events: readonly ApiEvent[]) => void) | null = null;

/** Applies events the renderer already knows (a request's result) the way pushed ones are. */
export function applyLocalEvents(events: readonly ApiEvent[]): void {
  if (applyLocal) applyLocal(events);
  else useAppStore.getState().applyEvents(events);
}

export function startSync(conn: ApiConnection): () => void {
  const store = useAppStore.getState;
  let loading = false;
  let held: ApiEvent[] = [];
  let batch: ApiEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let requestedGeneration = 0;
  const following: Following = new Map();

  /** Applies events to the inventory, the open prompts and the usage samples. */
  const dispatch = (events: readonly ApiEvent[]): void => {
    const before = store().hosts;
    const selected = store().selection;
    useJobStore.getState().applyJobEvents(events);
    store().applyEvents(events);
    usePromptStore.getState().applyPromptEvents(events);
    noteDepartures(following, selected, events, useJobStore.getState().jobs);
    if (following.size > 0) {
      const next = arrival(following, store().selection, store().vms);
      if (next) store().select(next);
    }
    for (const ev of events) {
      // A host that is gone or not connected sends no ticks: its old figures would mislead.
      if (ev.type === 'host-removed') dropHostUsage(ev.hostId);
      else if (ev.type === 'host-changed' && ev.host.connection !== 'connected') {
        dropHostUsage(ev.host.id);
      } else if (ev.type === 'vm-removed') dropVmUsage(vmKey(ev.hostId, ev.vmId));
    }
    for (const hostId of hostsNowConnected(before, events)) void refreshVms(hostId);
  };

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const events = batch;
    batch = [];
    dispatch(events);
  };

  /** A host that connected after the snapshot (or came back) lists its VMs once. */
  const refreshVms = async (hostId: string): Promise<void> => {
    try {
      const vms = await conn.api.vmList({ hostId });
      if (loading || !store().hosts[hostId]) return; // the snapshot being loaded has them
      flush(); // events already received are older than the list
      store().applyEvents(vmListEvents(store(), hostId, vms));
    } catch (e) {
      if (e instanceof VirtdeskError && e.code === 'DISCONNECTED') return;
      const name = store().hosts[hostId]?.name ?? hostId;
      store().pushError({ message: `${name}: could not list VMs: ${errorMessage(e)}` });
    }
  };

  applyLocal = (events) => {
    if (loading) {
      held.push(...events);
      return;
    }
    flush();
    dispatch(events);
  };

  const unsubscribeEvents = conn.api.onEvent((event) => {
    // Usage ticks bypass the store (and its re-renders) and need no ordering with the snapshot.
    if (event.type === 'stats') {
      applyStatsTick(event.hostId, event.at, event.vms);
      return;
    }
    if (loading) {
      held.push(event);
      return;
    }
    batch.push(event);
    timer ??= setTimeout(flush, BATCH_MS);
  });

  const load = async (): Promise<void> => {
    loading = true;
    held = [];
    try {
      const api = conn.api;
      const [hosts, notices, prompts, jobs] = await Promise.all([
        api.hostList({}),
        api.noticeList({}),
        api.promptList({}),
        api.jobList({}).catch((e: unknown) => {
          if (e instanceof VirtdeskError && e.code === 'DISCONNECTED') throw e;
          store().pushError({ message: `Could not list jobs: ${errorMessage(e)}` });
          return [];
        }),
      ]);
      const lists = await Promise.all(
        hosts.map((h) =>
          api.vmList({ hostId: h.id }).catch((e: unknown) => {
            // A host that cannot list its VMs still shows, with its error.
            if (e instanceof VirtdeskError && e.code === 'DISCONNECTED') throw e;
            store().pushError({ message: `${h.name}: ${errorMessage(e)}` });
            return [] as Vm[];
          }),
        ),
      );
      const vmsByHost = new Map<string, Vm[]>(hosts.map((h, i) => [h.id, lists[i] ?? []]));
      if (timer !== null) clearTimeout(timer);
      timer = null;
      batch = [];
      store().loadSnapshot(hosts, vmsByHost, notices);
      usePromptStore.getState().loadPrompts(prompts);
      useJobStore.getState().loadJobs(jobs);
      dispatch(held);
    } catch (e) {
      // A dropped link reloads on reconnect; anything else is worth telling the user.
      if (!(e instanceof VirtdeskError && e.code === 'DISCONNECTED')) {
        store().pushError({ message: `Could not load hosts: ${errorMessage(e)}` });
      }
    } finally {
      loading = false;
      held = [];
    }
  };

  const onStatus = (): void => {
    const status = conn.status();
    store().setLink(status);
    if (status.state === 'open' && status.generation !== requestedGeneration) {
      requestedGeneration = status.generation;
      void load();
    }
  };
  const unsubscribeStatus = conn.onStatus(onStatus);
  onStatus();

  return () => {
    applyLocal = null;
    unsubscribeEvents();
    unsubscribeStatus();
    if (timer !== null) clearTimeout(timer);
  };
}

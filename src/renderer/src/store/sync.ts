// Wires the api to the store: loads a snapshot (hosts, their VMs, notices) when the link opens,
// again after every reconnect, and applies pushed events in between. Events that arrive while a
// snapshot is loading are held and replayed on top of it, so nothing is lost or applied twice out
// of order. State changes arrive only as events; nothing here polls.
import type { ApiEvent } from '../../../shared/api';
import { VirtdeskError } from '../../../shared/errors';
import type { Vm } from '../../../shared/model';
import type { ApiConnection } from '../api';
import { errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';

/** Events are applied in small batches so a burst re-renders once, not once per event. */
const BATCH_MS = 8;

export function startSync(conn: ApiConnection): () => void {
  const store = useAppStore.getState;
  let loading = false;
  let held: ApiEvent[] = [];
  let batch: ApiEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let requestedGeneration = 0;

  const flush = (): void => {
    timer = null;
    const events = batch;
    batch = [];
    store().applyEvents(events);
  };

  const unsubscribeEvents = conn.api.onEvent((event) => {
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
      const [hosts, notices] = await Promise.all([api.listHosts({}), api.listNotices({})]);
      const lists = await Promise.all(
        hosts.map((h) =>
          api.listVms({ hostId: h.id }).catch((e: unknown) => {
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
      store().applyEvents(held);
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
    unsubscribeEvents();
    unsubscribeStatus();
    if (timer !== null) clearTimeout(timer);
  };
}

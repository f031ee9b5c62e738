// The console sessions of this window, one per VM key, kept while their view is away so coming
// back shows the live terminal at once. At most MAX_SESSIONS are kept: opening another disposes
// the one least recently shown that no view holds (its stream closes; main keeps the output in
// its ring and replays it on the next open). A VM that disappears takes its session with it.
import { getConnection } from '../api';
import { useAppStore } from '../store/appStore';
import { splitVmKey } from '../store/keys';
import { ConsoleSession } from './consoleSession';

export const MAX_SESSIONS = 8;

/** In use order: the most recently used last. */
const sessions = new Map<string, ConsoleSession>();
let watching = false;

export function consoleSession(key: string): ConsoleSession {
  let session = sessions.get(key);
  if (session) sessions.delete(key);
  else {
    const { hostId, vmId } = splitVmKey(key);
    session = new ConsoleSession(hostId, vmId, getConnection().openConsole);
  }
  sessions.set(key, session);
  evict();
  watchVms();
  return session;
}

/** The VM's session if this window has one; never creates it. */
export function existingConsoleSession(key: string): ConsoleSession | undefined {
  return sessions.get(key);
}

export function disposeConsoleSession(key: string): void {
  sessions.get(key)?.dispose();
  sessions.delete(key);
}

function evict(): void {
  for (const [key, session] of sessions) {
    if (sessions.size <= MAX_SESSIONS) return;
    if (!session.attached) disposeConsoleSession(key);
  }
}

function watchVms(): void {
  if (watching) return;
  watching = true;
  useAppStore.subscribe((state, previous) => {
    if (!state.loaded || state.vms === previous.vms) return;
    for (const key of [...sessions.keys()]) {
      if (!state.vms[key]) disposeConsoleSession(key);
    }
  });
}

// Requests about remote hosts and the questions their connections ask. Like commands.ts: each calls
// the api and applies what it already knows (a new host shows at once, a removed one goes at
// once); everything else arrives as events. Failures the user must see in a dialog are thrown.
import type { HostKeyDecision } from '../../../shared/prompts';
import type { Host } from '../../../shared/model';
import { getApi } from '../api';
import { errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';
import { usePromptStore } from './promptStore';
import { applyLocalEvents } from './sync';

/** Adds a connection and selects the new host; throws (main's message) for the dialog to show. */
export async function addConnection(uri: string, name: string): Promise<Host> {
  const host = await getApi().connectionAdd({ uri, name });
  applyLocalEvents([{ type: 'host-changed', host }]);
  const store = useAppStore.getState();
  // Selecting would have to ask about unsaved XML; the new host is visible in the tree anyway.
  const sel = store.selection;
  if (!(sel?.kind === 'vm' && store.xmlDrafts[sel.key])) {
    store.select({ kind: 'host', hostId: host.id });
  }
  return host;
}

export async function removeConnection(hostId: string): Promise<void> {
  const store = useAppStore.getState();
  const name = store.hosts[hostId]?.name ?? hostId;
  try {
    await getApi().connectionRemove({ hostId });
    applyLocalEvents([{ type: 'host-removed', hostId }]);
  } catch (e) {
    useAppStore.getState().pushError({ message: `Remove ${name} failed: ${errorMessage(e)}` });
  }
}

export async function reconnectHost(hostId: string): Promise<void> {
  const name = useAppStore.getState().hosts[hostId]?.name ?? hostId;
  try {
    const host = await getApi().connectionReconnect({ hostId });
    applyLocalEvents([{ type: 'host-changed', host }]);
  } catch (e) {
    useAppStore.getState().pushError({ message: `Reconnect ${name} failed: ${errorMessage(e)}` });
  }
}

/** Answers a host-key question; throws for the dialog to show. */
export async function promptAnswerHostKey(
  promptId: string,
  decision: HostKeyDecision,
): Promise<void> {
  await getApi().promptAnswerHostKey({ promptId, decision });
  // Answered, or already closed elsewhere / timed out: either way it is not a question any more.
  usePromptStore.getState().closePrompt(promptId);
}

/** Sends the typed answers (null cancels) once; the caller drops its copy. Throws on failure. */
export async function promptAnswerSecret(
  promptId: string,
  responses: string[] | null,
): Promise<void> {
  await getApi().promptAnswerSecret({ promptId, responses });
  usePromptStore.getState().closePrompt(promptId);
}

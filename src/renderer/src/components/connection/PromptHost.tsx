// Shows the oldest question a connection is waiting on as a modal dialog: an unknown host key or
// a secret (password, passphrase, keyboard-interactive). The next one shows when it is answered,
// or when main closes it (answered in another window, timed out, host removed).
import { usePromptStore } from '../../store/promptStore';
import { useAppStore } from '../../store/appStore';
import { HostKeyPromptDialog } from './HostKeyPromptDialog';
import { SecretPromptDialog } from './SecretPromptDialog';

export function PromptHost() {
  const prompt = usePromptStore((s) => s.prompts[0]);
  const waiting = usePromptStore((s) => s.prompts.length - 1);
  const hostName = useAppStore((s) => (prompt ? s.hosts[prompt.hostId]?.name : undefined));
  if (!prompt) return null;
  const more =
    waiting > 0 ? `${waiting} more ${waiting === 1 ? 'question waits' : 'questions wait'}.` : null;
  return prompt.kind === 'host-key' ? (
    <HostKeyPromptDialog key={prompt.id} prompt={prompt} hostName={hostName} more={more} />
  ) : (
    <SecretPromptDialog key={prompt.id} prompt={prompt} hostName={hostName} more={more} />
  );
}

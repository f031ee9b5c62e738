// What a driver may ask the user while connecting. The service answers it with prompt events and
// requests; a driver never opens UI itself.
import type { HostKeyDecision, HostKeyPrompt, SecretPrompt } from '../../shared/prompts';

export interface Prompter {
  hostKey(q: Omit<HostKeyPrompt, 'id' | 'hostId' | 'kind'>): Promise<HostKeyDecision>;
  /** Resolves null when the user cancels. */
  secret(q: Omit<SecretPrompt, 'id' | 'hostId' | 'kind'>): Promise<string[] | null>;
}

// Questions a connection asks the user while it connects: accept an unknown host key, or type a
// password / key passphrase / keyboard-interactive answer. Drivers ask through the service, which
// turns each question into an event; the renderer answers with a request. A driver never opens UI.

export type HostKeyDecision = 'once' | 'remember' | 'cancel';

export interface HostKeyPrompt {
  id: string;
  hostId: string;
  kind: 'host-key';
  host: string;
  port: number;
  keyType: string;
  /** SHA256:… as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export interface SecretPrompt {
  id: string;
  hostId: string;
  kind: 'secret';
  reason: 'password' | 'passphrase' | 'keyboard-interactive';
  /** e.g. "Password for vdtest@127.0.0.1:2222" or "Passphrase for ~/.ssh/id_ed25519". */
  title: string;
  /** Server-provided instructions (keyboard-interactive), shown as they are. */
  instructions: string;
  fields: { label: string; echo: boolean }[];
}

export type Prompt = HostKeyPrompt | SecretPrompt;

export const PROMPT_MAX_RESPONSE = 4096;

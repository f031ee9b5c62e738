// Questions drivers ask the user (host keys, passwords), turned into events and answered by
// requests. A question nobody answers within PROMPT_TIMEOUT_MS is cancelled so a connection
// attempt never hangs forever. Answers are kept only until handed to the driver.
import { randomUUID } from 'node:crypto';
import type { HostKeyDecision, Prompt } from '../../shared/prompts';
import { VirtdeskError } from '../../shared/errors';
import type { Clock } from '../drivers/clock';
import type { Prompter } from '../drivers/prompter';

export type { Prompter };

export const PROMPT_TIMEOUT_MS = 5 * 60_000;

interface Open {
  prompt: Prompt;
  resolve(answer: HostKeyDecision | string[] | null): void;
  timer: unknown;
}

export class PromptBroker {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (
      e: { type: 'prompt'; prompt: Prompt } | { type: 'prompt-closed'; promptId: string },
    ) => void,
  ) {}

  forHost(hostId: string): Prompter {
    return {
      hostKey: (q) =>
        this.ask(
          { ...q, id: randomUUID(), hostId, kind: 'host-key' },
          'cancel',
        ) as Promise<HostKeyDecision>,
      secret: (q) =>
        this.ask({ ...q, id: randomUUID(), hostId, kind: 'secret' }, null) as Promise<
          string[] | null
        >,
    };
  }

  list(): Prompt[] {
    return [...this.open.values()].map((o) => o.prompt);
  }

  answerHostKey(promptId: string, decision: HostKeyDecision): boolean {
    return this.answer(promptId, 'host-key', decision);
  }

  answerSecret(promptId: string, responses: string[] | null): boolean {
    const o = this.open.get(promptId);
    if (
      o &&
      o.prompt.kind === 'secret' &&
      responses !== null &&
      responses.length !== o.prompt.fields.length
    ) {
      throw new VirtdeskError(
        'INVALID_INPUT',
        `Expected ${o.prompt.fields.length} answers, got ${responses.length}`,
      );
    }
    return this.answer(promptId, 'secret', responses);
  }

  /** A host went away (removed, connected another way): its questions no longer matter. */
  cancelHost(hostId: string): void {
    for (const o of [...this.open.values()]) {
      if (o.prompt.hostId === hostId)
        this.settle(o, o.prompt.kind === 'host-key' ? 'cancel' : null);
    }
  }

  private ask(
    prompt: Prompt,
    onTimeout: HostKeyDecision | null,
  ): Promise<HostKeyDecision | string[] | null> {
    return new Promise((resolve) => {
      const o: Open = {
        prompt,
        resolve,
        timer: this.clock.setTimeout(() => this.settle(o, onTimeout), PROMPT_TIMEOUT_MS),
      };
      this.open.set(prompt.id, o);
      this.emit({ type: 'prompt', prompt });
    });
  }

  private answer(
    promptId: string,
    kind: Prompt['kind'],
    answer: HostKeyDecision | string[] | null,
  ): boolean {
    const o = this.open.get(promptId);
    if (!o || o.prompt.kind !== kind) return false;
    this.settle(o, answer);
    return true;
  }

  private settle(o: Open, answer: HostKeyDecision | string[] | null): void {
    if (!this.open.delete(o.prompt.id)) return;
    this.clock.clearTimeout(o.timer);
    this.emit({ type: 'prompt-closed', promptId: o.prompt.id });
    o.resolve(answer);
  }
}

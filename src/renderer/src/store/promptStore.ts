// Questions main is waiting on (unknown host keys, passwords), oldest first. Loaded with the
// snapshot (promptList) and kept current by `prompt` / `prompt-closed` events; answers go back
// through store/connectionCommands.ts. Only the questions live here, never what the user types.
import { create } from 'zustand';
import type { ApiEvent } from '../../../shared/api';
import type { Prompt } from '../../../shared/prompts';

export interface PromptState {
  prompts: Prompt[];
  loadPrompts(prompts: readonly Prompt[]): void;
  applyPromptEvents(events: readonly ApiEvent[]): void;
  closePrompt(promptId: string): void;
}

export const usePromptStore = create<PromptState>()((set, get) => ({
  prompts: [],

  loadPrompts: (prompts) => set({ prompts: [...prompts] }),

  applyPromptEvents: (events) => {
    let prompts = get().prompts;
    for (const ev of events) {
      if (ev.type === 'prompt') {
        if (!prompts.some((p) => p.id === ev.prompt.id)) prompts = [...prompts, ev.prompt];
      } else if (ev.type === 'prompt-closed') {
        if (prompts.some((p) => p.id === ev.promptId)) {
          prompts = prompts.filter((p) => p.id !== ev.promptId);
        }
      } else if (ev.type === 'host-removed') {
        if (prompts.some((p) => p.hostId === ev.hostId)) {
          prompts = prompts.filter((p) => p.hostId !== ev.hostId);
        }
      }
    }
    if (prompts !== get().prompts) set({ prompts });
  },

  closePrompt: (promptId) =>
    set((s) =>
      s.prompts.some((p) => p.id === promptId)
        ? { prompts: s.prompts.filter((p) => p.id !== promptId) }
        : s,
    ),
}));

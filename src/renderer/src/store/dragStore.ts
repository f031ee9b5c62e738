// A VM being dragged in the tree toward another host (to migrate it): which VM, the host row under
// the pointer and whether it would take the VM (else why not), and, after a drop that was
// refused, the reason, kept on screen until the next drag.
import { create } from 'zustand';

export interface DragState {
  /** The dragged VM's key, or null. */
  vmKey: string | null;
  overHostId: string | null;
  /** Why the host under the pointer cannot take the VM; null when it can (or none is under it). */
  refusal: string | null;
  /** What the last refused drop was refused for. */
  notice: string | null;
  /** The host row the pointer last left, and when: the browser sends dragleave just before
   * dragend when a drop is refused, so a drag that ends right after leaving ended there. */
  left: { hostId: string; refusal: string | null; at: number } | null;
  start(vmKey: string): void;
  over(hostId: string, refusal: string | null): void;
  leave(hostId: string): void;
  /** The drag ended; `refused` is the reason when it ended on a host that would not take it. */
  end(refused: string | null): void;
}

export const useDragStore = create<DragState>()((set, get) => ({
  vmKey: null,
  overHostId: null,
  refusal: null,
  notice: null,
  left: null,
  start: (vmKey) => set({ vmKey, overHostId: null, refusal: null, notice: null, left: null }),
  over: (hostId, refusal) => {
    const s = get();
    if (s.overHostId !== hostId || s.refusal !== refusal) set({ overHostId: hostId, refusal });
  },
  leave: (hostId) => {
    const s = get();
    if (s.overHostId !== hostId) return;
    set({
      overHostId: null,
      refusal: null,
      left: { hostId, refusal: s.refusal, at: performance.now() },
    });
  },
  end: (refused) =>
    set({ vmKey: null, overHostId: null, refusal: null, notice: refused, left: null }),
}));

// What the pinning map points at while a chip is dragged or picked by keyboard: the chip and the
// pCPU under the pointer (or the keyboard's highlight). Kept outside React state: a move changes
// only this, and each cell subscribes to "am I the keyboard's target", so an arrow key re-renders
// the two cells whose answer changed, never the whole map of up to hundreds of pCPUs.
import type { RefObject } from 'react';
import { useEffect, useSyncExternalStore } from 'react';

export interface PinTargetState {
  /** The slot key (slotKey) of the chip being placed, or null. */
  picked: string | null;
  /** The pCPU it would be pinned to now, or null. */
  target: number | null;
  /** How it is being placed: dragged with the pointer, or moved with the arrow keys. */
  by: 'pointer' | 'keys' | null;
}

export interface PinTargetStore {
  get(): PinTargetState;
  set(next: Partial<PinTargetState>): void;
  subscribe(listener: () => void): () => void;
}

const IDLE: PinTargetState = { picked: null, target: null, by: null };

export function createPinTargetStore(): PinTargetStore {
  let state = IDLE;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      const merged = { ...state, ...next };
      if (
        merged.picked === state.picked &&
        merged.target === state.target &&
        merged.by === state.by
      )
        return;
      state = merged;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function cancelPlacing(store: PinTargetStore): void {
  store.set(IDLE);
}

/** Whether `cpu` is the keyboard's target now (re-renders only when that answer changes; a
 * pointer drag shows its target with a marker instead, pinDrag.ts). */
export function useIsTarget(store: PinTargetStore, cpu: number): boolean {
  return useSyncExternalStore(store.subscribe, () => {
    const s = store.get();
    return s.by === 'keys' && s.target === cpu;
  });
}

/** The chip being placed, for the chips' pressed state (not the target: that moves too often). */
export function usePicked(store: PinTargetStore): string | null {
  return useSyncExternalStore(store.subscribe, () => store.get().picked);
}

/**
 * Keeps the map's aria-activedescendant on the keyboard's target (and that cell in view) without
 * re-rendering the map: the target moves with every arrow key.
 */
export function useActiveDescendant(
  store: PinTargetStore,
  mapRef: RefObject<HTMLElement | null>,
  /** Cell ids are `${prefix}-cpu-${id}`. */
  prefix: string,
): void {
  useEffect(
    () =>
      store.subscribe(() => {
        const map = mapRef.current;
        if (!map) return;
        const { target, by } = store.get();
        if (target === null || by !== 'keys') {
          map.removeAttribute('aria-activedescendant');
          return;
        }
        const id = `${prefix}-cpu-${target}`;
        map.setAttribute('aria-activedescendant', id);
        document.getElementById(id)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }),
    [store, mapRef, prefix],
  );
}

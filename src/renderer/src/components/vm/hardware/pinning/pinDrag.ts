// Dragging a chip onto a pCPU with the pointer. The chip captures the pointer; a ghost of it
// follows under a CSS transform, once per animation frame however many moves arrive, and the cell
// under the pointer becomes the target (pinTarget.ts). Nothing here renders through React, so a
// drag over a map of 128 pCPUs costs a transform and at most two cells' re-render per frame.
import type { PointerEvent as ReactPointerEvent } from 'react';
import type { PinTargetStore } from './pinTarget';
import { cancelPlacing } from './pinTarget';

/** How far the pointer must move before a press becomes a drag (a click picks instead). */
const DRAG_THRESHOLD_PX = 4;
/** The ghost sits just below-right of the pointer so the cell under it stays visible. */
const GHOST_OFFSET_PX = 10;

/** The attribute a map cell carries with its CPU id; the drag finds its target by it. */
export const CPU_ATTR = 'data-pin-cpu';

export interface ChipDrag {
  store: PinTargetStore;
  ghost: HTMLElement | null;
  /** Called once on release over a pCPU. */
  drop: (key: string, cpu: number) => void;
}

function cpuAt(x: number, y: number): number | null {
  const cell = document.elementFromPoint(x, y)?.closest(`[${CPU_ATTR}]`);
  const id = cell?.getAttribute(CPU_ATTR);
  return id === null || id === undefined ? null : Number(id);
}

/** Whether the click that follows a drag's release should be ignored (it is not a pick). */
export function consumeDragClick(el: HTMLElement): boolean {
  if (el.dataset.dragged !== '1') return false;
  delete el.dataset.dragged;
  return true;
}

export function startChipDrag(
  e: ReactPointerEvent<HTMLElement>,
  key: string,
  label: string,
  opts: ChipDrag,
): void {
  if (e.button !== 0 || !e.isPrimary) return;
  const el = e.currentTarget;
  const { store, ghost } = opts;
  const start = { x: e.clientX, y: e.clientY };
  let last = start;
  let dragging = false;
  let frame = 0;
  el.setPointerCapture(e.pointerId);

  const paint = (): void => {
    frame = 0;
    if (ghost)
      ghost.style.transform = `translate3d(${last.x + GHOST_OFFSET_PX}px, ${last.y + GHOST_OFFSET_PX}px, 0)`;
    store.set({ target: cpuAt(last.x, last.y) });
  };
  const move = (ev: PointerEvent): void => {
    last = { x: ev.clientX, y: ev.clientY };
    if (!dragging) {
      if (Math.hypot(last.x - start.x, last.y - start.y) < DRAG_THRESHOLD_PX) return;
      dragging = true;
      el.dataset.dragged = '1';
      store.set({ picked: key, by: 'pointer', target: null });
      if (ghost) {
        ghost.textContent = label;
        ghost.hidden = false;
      }
    }
    if (!frame) frame = requestAnimationFrame(paint);
  };
  const end = (drop: boolean, ev?: PointerEvent): void => {
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', up);
    el.removeEventListener('pointercancel', cancel);
    window.removeEventListener('keydown', escape, true);
    if (frame) cancelAnimationFrame(frame);
    if (ghost) ghost.hidden = true;
    if (!dragging) return;
    const cpu = drop && ev ? cpuAt(ev.clientX, ev.clientY) : null;
    cancelPlacing(store);
    if (cpu !== null) opts.drop(key, cpu);
  };
  const up = (ev: PointerEvent): void => end(true, ev);
  const cancel = (): void => end(false);
  const escape = (ev: KeyboardEvent): void => {
    if (ev.key !== 'Escape' || !dragging) return;
    ev.preventDefault();
    ev.stopPropagation();
    end(false);
  };
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', cancel);
  window.addEventListener('keydown', escape, true);
}

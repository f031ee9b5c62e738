// Dragging a chip onto a pCPU with the pointer. The chip captures the pointer; a ghost of it
// follows under a CSS transform, once per animation frame however many moves arrive, and a marker
// frame is moved over the cell under the pointer, which becomes the target (pinTarget.ts). Nothing
// here renders through React or restyles a cell, so a frame of the drag costs two transforms
// whatever the size of the map.
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
  /** The frame drawn over the cell under the pointer (moved, never the cell restyled). */
  marker: HTMLElement | null;
  /** The map whose cells are the drop targets. */
  map: HTMLElement | null;
  /** Called once on release over a pCPU. */
  drop: (key: string, cpu: number) => void;
}

interface CellBox {
  cpu: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The cells' boxes, read once per drag (and again after a scroll): hit-testing against them
 * costs no forced style and layout per frame, where elementFromPoint would after each target
 * change restyled two cells. */
function cellBoxes(map: HTMLElement | null): CellBox[] {
  if (!map) return [];
  return [...map.querySelectorAll<HTMLElement>(`[${CPU_ATTR}]`)].map((el) => {
    const r = el.getBoundingClientRect();
    const cpu = Number(el.getAttribute(CPU_ATTR));
    return { cpu, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
}

function boxAt(boxes: readonly CellBox[], x: number, y: number): CellBox | null {
  for (const b of boxes) if (x >= b.left && x < b.right && y >= b.top && y < b.bottom) return b;
  return null;
}

/** Puts the marker over the cell (or hides it), by transform; data-cpu says which cell. */
function mark(marker: HTMLElement | null, b: CellBox | null): void {
  if (!marker) return;
  const cpu = b === null ? '' : String(b.cpu);
  if (marker.dataset.cpu === cpu) return;
  marker.dataset.cpu = cpu;
  marker.hidden = b === null;
  if (b === null) return;
  marker.style.width = `${b.right - b.left}px`;
  marker.style.height = `${b.bottom - b.top}px`;
  marker.style.transform = `translate3d(${b.left}px, ${b.top}px, 0)`;
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
  let boxes: CellBox[] | null = null;
  const at = (x: number, y: number): CellBox | null => {
    boxes ??= cellBoxes(opts.map);
    return boxAt(boxes, x, y);
  };
  const scrolled = (): void => {
    boxes = null;
  };
  el.setPointerCapture(e.pointerId);

  const paint = (): void => {
    frame = 0;
    if (ghost)
      ghost.style.transform = `translate3d(${last.x + GHOST_OFFSET_PX}px, ${last.y + GHOST_OFFSET_PX}px, 0)`;
    const b = at(last.x, last.y);
    mark(opts.marker, b);
    store.set({ target: b?.cpu ?? null });
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
    window.removeEventListener('scroll', scrolled, true);
    if (frame) cancelAnimationFrame(frame);
    if (ghost) ghost.hidden = true;
    mark(opts.marker, null);
    if (!dragging) return;
    const cpu = drop && ev ? (at(ev.clientX, ev.clientY)?.cpu ?? null) : null;
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
  window.addEventListener('scroll', scrolled, true);
}

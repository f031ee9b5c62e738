// Which rows of a fixed-row-height list are in (or near) the viewport of a scroll container.
// State changes only when the first visible row or the viewport's row count changes, so scrolling
// within a row costs no render.
import type { RefObject } from 'react';
import { useEffect, useState } from 'react';

export interface VirtualWindow {
  start: number;
  end: number;
}

export function useVirtualWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): VirtualWindow {
  const [view, setView] = useState({ top: 0, rows: 40 });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      const top = Math.floor(el.scrollTop / rowHeight);
      const rows = Math.ceil(el.clientHeight / rowHeight) + 1;
      setView((v) => (v.top === top && v.rows === rows ? v : { top, rows }));
    };
    el.addEventListener('scroll', measure, { passive: true });
    // A ResizeObserver reports once on observe, which takes the first measurement.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [ref, rowHeight]);

  const start = Math.max(0, Math.min(view.top, count) - overscan);
  const end = Math.min(count, view.top + view.rows + overscan);
  return { start, end };
}

/** Scrolls `el` the least amount that shows row `index` whole. */
export function scrollRowIntoView(el: HTMLElement, index: number, rowHeight: number): void {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
}

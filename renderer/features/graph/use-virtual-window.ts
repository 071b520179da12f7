// Which rows to render: those in the viewport plus a margin. Row i sits at i × rowHeight, so
// the window is arithmetic on scrollTop; state changes only when the window moves by a row,
// not on every scroll event. The viewport height comes from a ResizeObserver, so a scroll
// event reads nothing but scrollTop (reading sizes there would force a layout per frame), and
// nothing is read at mount (see initialWindow).
// Small graphs render whole (no measurable cost, and every row stays in the DOM for
// find-in-page and for tests that look rows up by id).
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

const RENDER_ALL_BELOW = 300;
const OVERSCAN = 12;

export interface VirtualWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * The window before anything is measured: the list starts at the top, and the browser's
 * viewport is at least as tall as the list's. Reading the list's own height at mount would
 * force the page's first layout inside React's commit, before the frame that does it anyway.
 */
export function initialWindow(count: number, rowHeight: number, viewportHeight: number): VirtualWindow {
  if (count <= RENDER_ALL_BELOW) return { start: 0, end: count };
  return { start: 0, end: Math.min(count, Math.ceil(viewportHeight / rowHeight) + OVERSCAN) };
}

export function useVirtualWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
): VirtualWindow & { readonly viewport: RefObject<number> } {
  const viewport = useRef(window.innerHeight);
  const [range, setRange] = useState<VirtualWindow>(() => initialWindow(count, rowHeight, window.innerHeight));
  const mounted = useRef(false);

  const update = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    let start = 0;
    let end = count;
    if (count > RENDER_ALL_BELOW) {
      const top = el.scrollTop;
      start = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
      end = Math.min(count, Math.ceil((top + viewport.current) / rowHeight) + OVERSCAN);
    }
    setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
  }, [scrollRef, count, rowHeight]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    // At mount the initial window stands until the observer below reports the list's size,
    // right after the first layout; later (more rows, a zoom) the window is recomputed now.
    if (mounted.current) update();
    mounted.current = true;
    el.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) viewport.current = box.height;
      update();
    });
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [scrollRef, update]);

  return { ...range, viewport };
}

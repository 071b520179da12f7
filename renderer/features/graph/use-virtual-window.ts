// Which rows to render: those in the viewport plus a margin. Row i sits at i × rowHeight, so
// the window is arithmetic on scrollTop; state changes only when the window moves by a row,
// not on every scroll event. The viewport height comes from a ResizeObserver, so a scroll
// event reads nothing but scrollTop (reading sizes there would force a layout per frame).
// Small graphs render whole (no measurable cost, and every row stays in the DOM for
// find-in-page and for tests that look rows up by id).
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

const RENDER_ALL_BELOW = 300;
const OVERSCAN = 12;

export interface VirtualWindow {
  readonly start: number;
  readonly end: number;
}

export function useVirtualWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
): VirtualWindow & { readonly viewport: RefObject<number> } {
  const viewport = useRef(800);
  const [range, setRange] = useState<VirtualWindow>({ start: 0, end: Math.min(count, 60) });

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
    viewport.current = el.clientHeight;
    update();
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

// Window-level keys of the graph: Ctrl/Cmd+F focuses its search box, Ctrl/Cmd +/−/0 zoom it.
// Find yields to any widget that handled the key first (Monaco's own find calls
// preventDefault), and zoom applies only while focus is in the graph or nowhere in particular,
// so the editor and the console keep their own meaning of these keys.
import { useEffect, type RefObject } from 'react';

interface Handlers {
  readonly root: RefObject<HTMLElement | null>;
  readonly search: RefObject<HTMLInputElement | null>;
  zoomBy(step: number): void;
  zoomReset(): void;
}

export function useGraphShortcuts({ root, search, zoomBy, zoomReset }: Handlers): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const active = document.activeElement;
      const inGraph = !!root.current && (active === document.body || active === null || root.current.contains(active));
      const key = e.key.toLowerCase();
      if (key === 'f' && !e.shiftKey) {
        if (active instanceof Element && active.closest('.monaco-editor, [data-own-find]')) return;
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      } else if (inGraph && (key === '+' || key === '=')) {
        e.preventDefault();
        zoomBy(1);
      } else if (inGraph && (key === '-' || key === '_')) {
        e.preventDefault();
        zoomBy(-1);
      } else if (inGraph && key === '0') {
        e.preventDefault();
        zoomReset();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [root, search, zoomBy, zoomReset]);
}

// The studio's global keys. Listened for on window in the capture phase so a focused editor
// or list cannot swallow them — except Ctrl/Cmd+K inside Monaco, which starts Monaco's own
// chords (Ctrl+K Ctrl+C comments a line); Ctrl/Cmd+Shift+P opens the palette there.
import { useEffect } from 'react';
import { useStudioStore } from '../../store/context.tsx';
import { hasMod } from '../../ui/index.ts';

export const SHORTCUTS = {
  palette: [
    ['Mod', 'K'],
    ['Mod', 'Shift', 'P'],
  ],
  theme: [['Mod', 'Alt', 'T']],
} as const;

function inEditor(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.monaco-editor') !== null;
}

export function useGlobalShortcuts(): void {
  const studio = useStudioStore();
  useEffect(() => {
    const onCapture = (event: KeyboardEvent) => {
      if (event.repeat) return;
      const s = studio.getState();
      const mod = hasMod(event);
      if (
        mod &&
        !event.altKey &&
        ((event.code === 'KeyK' && !event.shiftKey && !inEditor(event.target)) ||
          (event.code === 'KeyP' && event.shiftKey))
      ) {
        event.preventDefault();
        event.stopPropagation();
        s.setPaletteOpen(!s.paletteOpen);
        return;
      }
      if (mod && event.altKey && !event.shiftKey && event.code === 'KeyT') {
        event.preventDefault();
        event.stopPropagation();
        s.toggleTheme();
      }
    };
    // Escape in the bubble phase: a dialog handles its own Escape and stops it, so this only
    // sees an Escape nothing else wanted (focus left on the page behind, say).
    const onBubble = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const s = studio.getState();
      if (s.paletteOpen) s.setPaletteOpen(false);
      else if (s.connectionsOpen) s.setConnectionsOpen(false);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onCapture, true);
    window.addEventListener('keydown', onBubble);
    return () => {
      window.removeEventListener('keydown', onCapture, true);
      window.removeEventListener('keydown', onBubble);
    };
  }, [studio]);
}

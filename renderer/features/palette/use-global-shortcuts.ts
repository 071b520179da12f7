// The studio's global keys (shortcut-match.ts). Listened for on window in the capture phase so
// a focused editor or list cannot swallow them; those pressed before the studio was mounted
// are taken from the entry (app/early-keys.ts).
import { useEffect } from 'react';
import { useStudioStore } from '../../store/context.tsx';
import { takeEarlyShortcuts } from '../../app/early-keys.ts';
import { globalShortcutOf, type GlobalShortcut } from './shortcut-match.ts';

export const SHORTCUTS = {
  palette: [
    ['Mod', 'K'],
    ['Mod', 'Shift', 'P'],
  ],
  theme: [['Mod', 'Alt', 'T']],
} as const;

export function useGlobalShortcuts(): void {
  const studio = useStudioStore();
  useEffect(() => {
    const act = (shortcut: GlobalShortcut) => {
      const s = studio.getState();
      if (shortcut === 'palette') s.setPaletteOpen(!s.paletteOpen);
      else s.toggleTheme();
    };
    const onCapture = (event: KeyboardEvent) => {
      const shortcut = globalShortcutOf(event);
      if (shortcut === null) return;
      event.preventDefault();
      event.stopPropagation();
      act(shortcut);
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
    for (const shortcut of takeEarlyShortcuts()) act(shortcut);
    return () => {
      window.removeEventListener('keydown', onCapture, true);
      window.removeEventListener('keydown', onBubble);
    };
  }, [studio]);
}

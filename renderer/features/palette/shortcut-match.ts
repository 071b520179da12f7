// Which global shortcut a key press is, without React: the page's entry needs it to hold the
// presses made before the studio is mounted (app/early-keys.ts), the studio to act on them.
import { hasMod } from '../../ui/keys.ts';

export type GlobalShortcut = 'palette' | 'theme';

function inEditor(target: EventTarget | null): boolean {
  return typeof Element !== 'undefined' && target instanceof Element && target.closest('.monaco-editor') !== null;
}

/**
 * Ctrl/Cmd+K or Ctrl/Cmd+Shift+P: the palette — except Ctrl/Cmd+K inside Monaco, which starts
 * Monaco's own chords (Ctrl+K Ctrl+C comments a line); Ctrl/Cmd+Alt+T: the theme.
 */
export function globalShortcutOf(event: KeyboardEvent): GlobalShortcut | null {
  if (event.repeat || !hasMod(event)) return null;
  if (
    !event.altKey &&
    ((event.code === 'KeyK' && !event.shiftKey && !inEditor(event.target)) || (event.code === 'KeyP' && event.shiftKey))
  )
    return 'palette';
  if (event.altKey && !event.shiftKey && event.code === 'KeyT') return 'theme';
  return null;
}

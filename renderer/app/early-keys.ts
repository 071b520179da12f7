// The entry asks for the first screen's data before React is even loaded (main.tsx), so for a
// moment after the page loads nothing listens for the studio's global keys. A shortcut pressed
// then (Ctrl+K as soon as the window shows) is held here and handed to the studio once it
// listens (use-global-shortcuts.ts), instead of being lost.
import { globalShortcutOf, type GlobalShortcut } from '../features/palette/shortcut-match.ts';

const held: GlobalShortcut[] = [];

function hold(event: KeyboardEvent): void {
  const shortcut = globalShortcutOf(event);
  if (shortcut === null) return;
  event.preventDefault();
  held.push(shortcut);
}

export function holdEarlyShortcuts(): void {
  window.addEventListener('keydown', hold, true);
}

/** The shortcuts pressed since holdEarlyShortcuts, in order; nothing is held after this. */
export function takeEarlyShortcuts(): GlobalShortcut[] {
  window.removeEventListener('keydown', hold, true);
  return held.splice(0);
}

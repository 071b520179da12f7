// Shortcut labels as the user's platform writes them: ⌘ on macOS, Ctrl elsewhere.
export const isMac: boolean = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** 'Mod' becomes ⌘ or Ctrl, 'Alt' becomes ⌥ on macOS, 'Shift' ⇧. */
export function shortcutKeys(keys: readonly string[]): string[] {
  return keys.map((k) => {
    if (k === 'Mod') return isMac ? '⌘' : 'Ctrl';
    if (k === 'Alt') return isMac ? '⌥' : 'Alt';
    if (k === 'Shift') return isMac ? '⇧' : 'Shift';
    return k;
  });
}

/** The platform's "command" modifier: ⌘ on macOS, Ctrl elsewhere. */
export function hasMod(event: KeyboardEvent | { readonly metaKey: boolean; readonly ctrlKey: boolean }): boolean {
  return isMac ? event.metaKey : event.ctrlKey;
}

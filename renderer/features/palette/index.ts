// The command palette and the studio's global keyboard shortcuts.
export { CommandPalette } from './CommandPalette.tsx';
export { SHORTCUTS, useGlobalShortcuts } from './use-global-shortcuts.ts';

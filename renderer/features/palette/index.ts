export { CommandPalette, useGlobalShortcuts } from './CommandPalette.tsx';

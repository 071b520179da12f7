// Theme and the command palette.
import type { SliceCreator } from './studio-store.ts';

export type Theme = 'dark' | 'light';

export interface UiSlice {
  readonly theme: Theme;
  readonly paletteOpen: boolean;
  readonly connectionsOpen: boolean;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setPaletteOpen(open: boolean): void;
  setConnectionsOpen(open: boolean): void;
}

export function initialTheme(): Theme {
  const saved = localStorage.getItem('strata-theme');
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  theme: initialTheme(),
  paletteOpen: false,
  connectionsOpen: false,
  setTheme(theme) {
    localStorage.setItem('strata-theme', theme);
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  setPaletteOpen(open) {
    set({ paletteOpen: open });
  },
  setConnectionsOpen(open) {
    set({ connectionsOpen: open });
  },
});

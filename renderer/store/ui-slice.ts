// Theme, the command palette, and which screens are open over the graph.
import { loadPanes, savePanes, type Pane, type Panes } from './panes.ts';
import type { SliceCreator } from './studio-store.ts';

export type Theme = 'dark' | 'light';

export interface UiSlice {
  readonly theme: Theme;
  readonly paletteOpen: boolean;
  readonly connectionsOpen: boolean;
  /** The heads the merge screen is open on ([]: every head); null while it is closed. */
  readonly mergeHeads: readonly string[] | null;
  /** The autogenerate review screen is open. */
  readonly reviewOpen: boolean;
  /** The New revision dialog, open on a parent (null: the graph's single head) or closed (null). */
  readonly newRevision: { readonly parent: string | null } | null;
  /** A revision to open in the inspector's editor once it is shown (a new revision). */
  readonly editRequest: string | null;
  /** The inspector's width and the run console's height, as the user dragged them. */
  readonly panes: Panes;
  /** `save` false while a drag goes on: stored once, when it ends. */
  setPaneSize(pane: Pane, px: number, save: boolean): void;
  openNewRevision(parent: string | null): void;
  closeNewRevision(): void;
  requestEdit(id: string | null): void;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setPaletteOpen(open: boolean): void;
  setConnectionsOpen(open: boolean): void;
  openMerge(heads?: readonly string[]): void;
  closeMerge(): void;
  setReviewOpen(open: boolean): void;
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
  mergeHeads: null,
  reviewOpen: false,
  newRevision: null,
  editRequest: null,
  panes: loadPanes(localStorage),
  setPaneSize(pane, px, save) {
    const panes = { ...get().panes, [pane]: px };
    set({ panes });
    if (save) savePanes(localStorage, panes);
  },
  openNewRevision(parent) {
    set({ newRevision: { parent } });
  },
  closeNewRevision() {
    set({ newRevision: null });
  },
  requestEdit(id) {
    set({ editRequest: id });
  },
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
  openMerge(heads = []) {
    set({ mergeHeads: heads, paletteOpen: false });
  },
  closeMerge() {
    set({ mergeHeads: null });
  },
  setReviewOpen(open) {
    set({ reviewOpen: open });
  },
});

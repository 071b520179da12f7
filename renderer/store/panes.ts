// The sizes of the resizable areas (inspector width, run console height), kept across reloads
// in localStorage. Pure apart from the storage passed in.

export interface Panes {
  readonly inspectorWidth: number;
  readonly consoleHeight: number;
}

export type Pane = keyof Panes;

export const DEFAULT_PANES: Panes = { inspectorWidth: 420, consoleHeight: 260 };

const STORAGE_KEY = 'strata-panes';

/** The smallest each pane gets, and how much of the window the rest keeps (left bar, graph). */
const LIMITS: Readonly<Record<Pane, { readonly min: number; readonly keep: number }>> = {
  inspectorWidth: { min: 280, keep: 280 + 320 },
  consoleHeight: { min: 120, keep: 200 },
};

/** `px` within what the window allows: the pane never smaller than its minimum, the graph never squeezed out. */
export function clampPane(pane: Pane, px: number, windowSize: number): number {
  const { min, keep } = LIMITS[pane];
  const max = Math.max(min, windowSize - keep);
  return Math.round(Math.min(max, Math.max(min, Number.isFinite(px) ? px : DEFAULT_PANES[pane])));
}

export function loadPanes(storage: Pick<Storage, 'getItem'>): Panes {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Record<Pane, unknown>> | null;
    const pick = (pane: Pane): number => {
      const v = saved?.[pane];
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_PANES[pane];
    };
    return { inspectorWidth: pick('inspectorWidth'), consoleHeight: pick('consoleHeight') };
  } catch {
    // Not JSON (edited by hand, another version): the defaults.
    return DEFAULT_PANES;
  }
}

export function savePanes(storage: Pick<Storage, 'setItem'>, panes: Panes): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(panes));
}

import { describe, expect, it } from 'vitest';
import { clampPane, DEFAULT_PANES, loadPanes, savePanes } from './panes.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  } as Storage;
}

describe('panes', () => {
  it('keeps the sizes across a reload, and falls back to the defaults on anything else', () => {
    const storage = memoryStorage();
    expect(loadPanes(storage)).toEqual(DEFAULT_PANES);
    savePanes(storage, { inspectorWidth: 600, consoleHeight: 400 });
    expect(loadPanes(storage)).toEqual({ inspectorWidth: 600, consoleHeight: 400 });
    storage.setItem('strata-panes', '{not json');
    expect(loadPanes(storage)).toEqual(DEFAULT_PANES);
    storage.setItem('strata-panes', JSON.stringify({ inspectorWidth: 'wide', consoleHeight: -3 }));
    expect(loadPanes(storage)).toEqual(DEFAULT_PANES);
  });

  it('never lets a pane go below its minimum nor squeeze the graph out of the window', () => {
    expect(clampPane('consoleHeight', 40, 900)).toBe(120);
    expect(clampPane('consoleHeight', 5000, 900)).toBe(700);
    expect(clampPane('inspectorWidth', 10, 1440)).toBe(280);
    expect(clampPane('inspectorWidth', 2000, 1440)).toBe(840);
    // A window too small for both: the pane keeps its minimum.
    expect(clampPane('inspectorWidth', 500, 500)).toBe(280);
  });
});

// What the app remembers between launches, in one JSON file in userData: the window's
// bounds and maximized state, and the last project opened. A damaged file is ignored (the
// window opens at its default size), never a reason not to start.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface StudioState {
  readonly window?: { readonly bounds: Rect; readonly maximized: boolean };
  readonly lastProject?: string;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
export const MIN_SIZE = { width: 900, height: 560 } as const;

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k])) &&
    (r.width as number) > 0 &&
    (r.height as number) > 0
  );
}

export function readStudioState(file: string): StudioState {
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    data = parsed as Record<string, unknown>;
  } catch {
    return {};
  }
  const w = data.window as Record<string, unknown> | undefined;
  return {
    ...(w && isRect(w.bounds) ? { window: { bounds: w.bounds, maximized: w.maximized === true } } : {}),
    ...(typeof data.lastProject === 'string' && data.lastProject !== '' ? { lastProject: data.lastProject } : {}),
  };
}

export function writeStudioState(file: string, state: StudioState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where the window opens: the saved bounds when enough of them lies on a display that is
 * still there (a monitor unplugged since must not leave the window off screen), shrunk to
 * fit that display; otherwise the default size, centred by Electron.
 */
export function initialBounds(
  saved: Rect | undefined,
  workAreas: readonly Rect[],
): Rect | { readonly width: number; readonly height: number } {
  const fallback = (area: Rect | undefined) => ({
    width: Math.min(DEFAULT_SIZE.width, area?.width ?? DEFAULT_SIZE.width),
    height: Math.min(DEFAULT_SIZE.height, area?.height ?? DEFAULT_SIZE.height),
  });
  if (!saved) return fallback(workAreas[0]);
  // The title bar must be reachable: at least 120 × 40 px of the window on one display.
  const area = workAreas.find((a) => {
    const o = overlap(saved, a);
    return o.width >= 120 && o.height >= 40;
  });
  if (!area) return fallback(workAreas[0]);
  const width = Math.max(MIN_SIZE.width, Math.min(saved.width, area.width));
  const height = Math.max(MIN_SIZE.height, Math.min(saved.height, area.height));
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - Math.min(width, area.width));
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - Math.min(height, area.height));
  return { x, y, width, height };
}

// Sizes of the graph view at a zoom level. Rows have a fixed height so that the list can be
// virtualised by arithmetic alone (row i sits at i × rowHeight).

export const ZOOM_LEVELS = [0.75, 0.85, 1, 1.15, 1.3, 1.5, 1.75] as const;
export const DEFAULT_ZOOM_INDEX = 2;
const ZOOM_KEY = 'strata-graph-zoom';

/** Lanes shown at full width; a wider graph squeezes its lanes rather than push text away. */
const ROOMY_LANES = 10;

export interface Geometry {
  readonly zoom: number;
  readonly rowHeight: number;
  readonly fontSize: number;
  readonly laneWidth: number;
  readonly graphPad: number;
  readonly graphWidth: number;
  readonly nodeRadius: number;
  /** Radius of the rounded corner where a line turns from horizontal to vertical. */
  readonly corner: number;
}

export function geometry(zoomIndex: number, laneCount: number): Geometry {
  const zoom = ZOOM_LEVELS[zoomIndex] ?? 1;
  const rowHeight = Math.round(26 * zoom);
  const lanes = Math.max(1, laneCount);
  const roomy = Math.round(15 * zoom);
  const laneWidth =
    lanes <= ROOMY_LANES ? roomy : Math.max(Math.round(6 * zoom), Math.floor((roomy * ROOMY_LANES) / lanes));
  const graphPad = Math.round(8 * zoom);
  return {
    zoom,
    rowHeight,
    fontSize: Math.round(12.5 * zoom * 10) / 10,
    laneWidth,
    graphPad,
    graphWidth: graphPad * 2 + lanes * laneWidth,
    nodeRadius: Math.max(3, Math.round(4.5 * zoom * 2) / 2),
    corner: Math.min(laneWidth, rowHeight / 2) * 0.75,
  };
}

/** The x of a lane's centre line, on whole pixels so 2px strokes stay crisp across rows. */
export function laneX(g: Geometry, lane: number): number {
  return g.graphPad + lane * g.laneWidth + Math.round(g.laneWidth / 2);
}

export function loadZoomIndex(): number {
  const raw = localStorage.getItem(ZOOM_KEY);
  const saved = raw === null ? Number.NaN : Number(raw);
  return Number.isInteger(saved) && saved >= 0 && saved < ZOOM_LEVELS.length ? saved : DEFAULT_ZOOM_INDEX;
}

export function saveZoomIndex(index: number): void {
  localStorage.setItem(ZOOM_KEY, String(index));
}

export function clampZoomIndex(index: number): number {
  return Math.min(ZOOM_LEVELS.length - 1, Math.max(0, index));
}

// Lanes for drawing the revision graph like a git graph. Pure: rows in, lanes and edge
// segments out; no DOM, no Node. One pass over the rows, O(rows × lanes).
//
// The model: every row has its node on one lane (a column). Between the centre of row i and
// the centre of row i+1 the renderer draws the segments `row(i).edges`, each from a lane at
// row i to a lane at row i+1. A lane that is "waiting" for a revision further down carries a
// line straight down (a pass-through); lines that wait for the next row's revision bend into
// its node. So a branch point (one revision with several children) shows as lines converging
// on the parent's node, and a merge as lines leaving its node toward each parent.
//
// Lanes are reused as soon as they are free (leftmost free lane first), so the width stays
// the number of lines alive at once, not the number of branches ever made. A node keeps the
// lane of the leftmost line that waits for it, and its first parent continues on that lane:
// a main line stays straight, and colours (one per lane track) follow it.

/** What the layout needs of a revision: its id and its parents' ids. */
export interface LayoutRevision {
  readonly id: string;
  readonly parents: readonly string[];
}

/** One segment between the centre of this row and the centre of the next. */
export interface LaneEdge {
  /** Lane at this row. */
  readonly from: number;
  /** Lane at the next row. */
  readonly to: number;
  /** Colour index of the lane track (the renderer takes it modulo its palette). */
  readonly color: number;
  /** Row index of the revision this line leads to (a parent further down). */
  readonly toward: number;
}

export interface LayoutRow {
  /** The lane of this row's node. */
  readonly lane: number;
  /** Colour index of the node's track. */
  readonly color: number;
  /** Segments from this row's centre to the next row's centre: pass-through lanes, the node's
   * lines toward its parents, and lines bending into the next row's node. */
  readonly edges: readonly LaneEdge[];
}

export interface GraphLayout {
  /** Rows laid out: one per revision. */
  readonly count: number;
  /** Lanes needed for the widest row. */
  readonly laneCount: number;
  /** Row i (0 ≤ i < count): made when first asked for, then the same object every time, so a
   * memoised row component sees an unchanged prop. */
  row(i: number): LayoutRow;
}

const FREE = -1;
/** Ints per segment in the flat store: from, to, color, toward. */
const EDGE = 4;

/**
 * Lays out `revisions`, given in row order: newest first, every child above its parents.
 * Parents that are unknown or not below their child (an invalid graph) are left out rather
 * than drawn wrong. `rowOf` (id → row, the first row of an id), when the caller has one
 * already, saves building it again.
 *
 * The result is flat (typed arrays: a lane and a colour per row, four ints per segment);
 * row objects are made only for the rows a view asks for. At 50,000 rows, one object per
 * row and per segment was most of the layout's time and of the garbage after it.
 */
export function layoutGraph(
  revisions: readonly LayoutRevision[],
  rowOf: ReadonlyMap<string, number> = firstRows(revisions),
): GraphLayout {
  const n = revisions.length;
  const nodeLane = new Int32Array(n);
  const nodeColor = new Int32Array(n);
  // Segments of row i: edges[edgeStart[i] * EDGE … edgeStart[i + 1] * EDGE).
  const edgeStart = new Int32Array(n + 1);
  let edges = new Int32Array(Math.max(16, n * 2 * EDGE));
  let edgeCount = 0;
  const push = (from: number, to: number, color: number, toward: number): void => {
    if ((edgeCount + 1) * EDGE > edges.length) {
      const grown = new Int32Array(edges.length * 2);
      grown.set(edges);
      edges = grown;
    }
    const at = edgeCount * EDGE;
    edges[at] = from;
    edges[at + 1] = to;
    edges[at + 2] = color;
    edges[at + 3] = toward;
    edgeCount++;
  };

  // lanes[k] = the row this lane's line is waiting for, or FREE; colors[k] = its track colour.
  const lanes: number[] = [];
  const colors: number[] = [];
  let nextColor = 0;
  // Lanes that were alive before the current row and still are: the pass-throughs.
  const passing: number[] = [];
  // The lane carrying each parent of the current row.
  const parentLanes: number[] = [];
  const parentRows: number[] = [];

  const firstFree = (): number => {
    for (let k = 0; k < lanes.length; k++) if (lanes[k] === FREE) return k;
    lanes.push(FREE);
    colors.push(0);
    return lanes.length - 1;
  };

  for (let i = 0; i < n; i++) {
    const revision = revisions[i] as LayoutRevision;

    // The node takes the leftmost lane waiting for it; the others end here (they were drawn
    // bending into this node by the previous row's edges). Nobody waiting: a head.
    let lane = FREE;
    passing.length = 0;
    for (let k = 0; k < lanes.length; k++) {
      const waiting = lanes[k] as number;
      if (waiting === i) {
        if (lane === FREE) lane = k;
        lanes[k] = FREE;
      } else if (waiting !== FREE) {
        passing.push(k);
      }
    }
    if (lane === FREE) {
      lane = firstFree();
      colors[lane] = nextColor++;
    }
    const color = colors[lane] as number;

    // Parents: the first continues on the node's lane (a straight line, same colour); another
    // joins a line already waiting for that parent, or starts a track on the leftmost free lane.
    parentLanes.length = 0;
    parentRows.length = 0;
    for (const parentId of revision.parents) {
      const p = rowOf.get(parentId);
      if (p === undefined || p <= i || parentRows.includes(p)) continue;
      let target: number;
      if (parentRows.length === 0) {
        target = lane;
      } else {
        target = FREE;
        for (const k of passing) {
          if (lanes[k] === p) {
            target = k;
            break;
          }
        }
        if (target === FREE) {
          target = firstFree();
          colors[target] = nextColor++;
        }
      }
      lanes[target] = p;
      parentLanes.push(target);
      parentRows.push(p);
    }

    // Where each line lands on the next row: its own lane, or the next node's lane for the
    // lines waiting for it (the leftmost of them, as chosen when that row is laid out).
    const next = i + 1;
    let nextNode = FREE;
    for (let k = 0; k < lanes.length; k++) {
      if (lanes[k] === next) {
        nextNode = k;
        break;
      }
    }
    edgeStart[i] = edgeCount;
    for (let j = 0; j < passing.length; j++) {
      const k = passing[j] as number;
      const toward = lanes[k] as number;
      push(k, toward === next ? nextNode : k, colors[k] as number, toward);
    }
    for (let j = 0; j < parentLanes.length; j++) {
      const k = parentLanes[j] as number;
      push(lane, lanes[k] === next ? nextNode : k, colors[k] as number, parentRows[j] as number);
    }
    nodeLane[i] = lane;
    nodeColor[i] = color;
  }
  edgeStart[n] = edgeCount;

  const made: (LayoutRow | undefined)[] = new Array<LayoutRow | undefined>(n);
  return {
    count: n,
    laneCount: lanes.length,
    row(i) {
      if (!(i >= 0 && i < n)) throw new RangeError(`row ${i} of a layout of ${n} rows`);
      let row = made[i];
      if (row === undefined) {
        const segments: LaneEdge[] = [];
        for (let e = (edgeStart[i] as number) * EDGE; e < (edgeStart[i + 1] as number) * EDGE; e += EDGE)
          segments.push({
            from: edges[e] as number,
            to: edges[e + 1] as number,
            color: edges[e + 2] as number,
            toward: edges[e + 3] as number,
          });
        row = { lane: nodeLane[i] as number, color: nodeColor[i] as number, edges: segments };
        made[i] = row;
      }
      return row;
    },
  };
}

/** id → the first row it is on. */
export function firstRows(revisions: readonly LayoutRevision[]): Map<string, number> {
  const rowOf = new Map<string, number>();
  for (let i = 0; i < revisions.length; i++) {
    const id = (revisions[i] as LayoutRevision).id;
    if (!rowOf.has(id)) rowOf.set(id, i);
  }
  return rowOf;
}

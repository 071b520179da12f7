// Lanes for drawing the revision graph like a git graph. Pure: rows in, lanes and edge
// segments out; no DOM, no Node. One pass over the rows, O(rows × lanes).
//
// The model: every row has its node on one lane (a column). Between the centre of row i and
// the centre of row i+1 the renderer draws the segments `rows[i].edges`, each from a lane at
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
  readonly rows: readonly LayoutRow[];
  /** Lanes needed for the widest row. */
  readonly laneCount: number;
}

const FREE = -1;

/**
 * Lays out `revisions`, given in row order: newest first, every child above its parents.
 * Parents that are unknown or not below their child (an invalid graph) are left out rather
 * than drawn wrong.
 */
export function layoutGraph(revisions: readonly LayoutRevision[]): GraphLayout {
  const n = revisions.length;
  const rowOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (revisions[i] as LayoutRevision).id;
    if (!rowOf.has(id)) rowOf.set(id, i);
  }

  // lanes[k] = the row this lane's line is waiting for, or FREE; colors[k] = its track colour.
  const lanes: number[] = [];
  const colors: number[] = [];
  let nextColor = 0;
  const rows: LayoutRow[] = new Array<LayoutRow>(n);
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
    // No closure per row: at 50,000 rows allocations are most of the layout's time.
    const edges: LaneEdge[] = [];
    for (let j = 0; j < passing.length; j++) {
      const k = passing[j] as number;
      const toward = lanes[k] as number;
      edges.push({ from: k, to: toward === next ? nextNode : k, color: colors[k] as number, toward });
    }
    for (let j = 0; j < parentLanes.length; j++) {
      const k = parentLanes[j] as number;
      edges.push({
        from: lane,
        to: lanes[k] === next ? nextNode : k,
        color: colors[k] as number,
        toward: parentRows[j] as number,
      });
    }
    rows[i] = { lane, color, edges };
  }

  return { rows, laneCount: lanes.length };
}

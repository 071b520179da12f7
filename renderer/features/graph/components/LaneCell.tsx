// The lanes of one row, as a small SVG: the lower half of the segments coming from the row
// above, the upper half of this row's own segments, and the node. Bends sit next to the node
// they belong to: a line leaving a merge turns right away (in the merge's row), a line joining
// a branch point turns just above it (in the parent's row); between two adjacent nodes the
// horizontal part stays with the node further left, the main line. So every row draws on its
// own, and a row that scrolls into view needs no neighbour re-rendered.
import { memo } from 'react';
import type { LayoutRow } from '../../../../shared/model/graph-layout.ts';
import { laneX, type Geometry } from '../geometry.ts';

export const LANE_COLORS = 8;

export type NodeMark = 'applied' | 'pending' | 'plain';

interface LaneCellProps {
  readonly g: Geometry;
  readonly index: number;
  readonly row: LayoutRow;
  readonly prev: LayoutRow | undefined;
  readonly mark: NodeMark;
  readonly head: boolean;
  readonly dbHead: boolean;
}

function LaneCellImpl({ g, index, row, prev, mark, head, dbHead }: LaneCellProps) {
  const h = g.rowHeight;
  const c = h / 2;
  const rc = g.corner;
  const paths = new Map<number, string>();
  const add = (color: number, d: string): void => {
    const key = color % LANE_COLORS;
    paths.set(key, (paths.get(key) ?? '') + d);
  };

  if (prev) {
    for (const e of prev.edges) {
      const xb = laneX(g, e.to);
      if (e.from !== e.to && (e.from !== prev.lane || (e.to === row.lane && e.from > e.to))) {
        // Joins this row's node: straight down its own lane, then a rounded turn into the node.
        const xa = laneX(g, e.from);
        const s = Math.sign(xb - xa);
        add(e.color, `M${xa} 0V${c - rc}Q${xa} ${c} ${xa + s * rc} ${c}H${xb}`);
      } else {
        add(e.color, `M${xb} 0V${c}`);
      }
    }
  }
  const xn = laneX(g, row.lane);
  for (const e of row.edges) {
    if (e.from === row.lane && e.from !== e.to && !(e.toward === index + 1 && e.from > e.to)) {
      // Leaves this node for another lane: across, a rounded turn, then down.
      const xb = laneX(g, e.to);
      const s = Math.sign(xb - xn);
      add(e.color, `M${xn} ${c}H${xb - s * rc}Q${xb} ${c} ${xb} ${c + rc}V${h}`);
    } else {
      const x = laneX(g, e.from);
      add(e.color, `M${x} ${c}V${h}`);
    }
  }

  const r = g.nodeRadius;
  const nodeColor = `lane-c${row.color % LANE_COLORS}`;
  return (
    <svg className="graph-lanes" width={g.graphWidth} height={h} aria-hidden="true">
      {[...paths].map(([color, d]) => (
        <path key={color} className={`graph-line lane-c${color}`} d={d} />
      ))}
      {dbHead && <circle className="graph-node-db" cx={xn} cy={c} r={r + 3.5} />}
      {head && !dbHead && <circle className="graph-node-head" cx={xn} cy={c} r={r + 3} />}
      <circle
        className={`graph-node graph-node-${mark} ${nodeColor}`}
        cx={xn}
        cy={c}
        r={mark === 'pending' ? r - 0.5 : r}
      />
    </svg>
  );
}

export const LaneCell = memo(LaneCellImpl);

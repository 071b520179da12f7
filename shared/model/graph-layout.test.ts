// Lanes of the revision graph: shapes people know from git graphs, and a 10,000-revision graph
// whose every parent edge is traced from the child's row down to the parent's node (no timing
// here: the graph view's budget is measured by bench/).
import { describe, expect, it } from 'vitest';
import { layoutGraph, type GraphLayout, type LayoutRevision, type LayoutRow } from './graph-layout.ts';

/** Rows from "id: parent parent" lines, newest first. */
function rows(...lines: string[]): LayoutRevision[] {
  return lines.map((line) => {
    const [id, rest = ''] = line.split(':');
    return { id: (id as string).trim(), parents: rest.trim() ? rest.trim().split(/\s+/) : [] };
  });
}

/** Every row of a layout, in order. */
const rowsOf = (layout: GraphLayout): LayoutRow[] => Array.from({ length: layout.count }, (_, i) => layout.row(i));
const lanesOf = (layout: GraphLayout): number[] => rowsOf(layout).map((r) => r.lane);
/** Lanes alive between row i and i+1 (distinct lanes at the lower end of the segments). */
const widthAfter = (layout: GraphLayout, i: number): number =>
  new Set(i < layout.count ? layout.row(i).edges.map((e) => e.to) : []).size;

/**
 * Checks that the picture is a faithful drawing of the graph, and returns what is wrong:
 * - every parent edge is a connected path of segments from the child's node to the parent's node;
 * - segments of different lines never share a lane at either end, except at a node (lines
 *   leave a merge from its node, and bend into the next node on its lane);
 * - nothing else is drawn: every segment leads toward a parent row below it.
 * Plain conditions rather than an expect() per segment: 10,000 rows stay quick to check.
 */
function problems(revisions: readonly LayoutRevision[], layout: GraphLayout): string[] {
  const found: string[] = [];
  const laid = rowsOf(layout);
  const rowOf = new Map(revisions.map((r, i) => [r.id, i]));
  if (laid.length !== revisions.length) found.push(`${laid.length} rows for ${revisions.length} revisions`);
  for (let i = 0; i < laid.length; i++) {
    const row = laid[i]!;
    if (row.lane < 0 || row.lane >= layout.laneCount) found.push(`row ${i}: lane ${row.lane} out of range`);
    const nextLane = laid[i + 1]?.lane;
    const froms = new Set<number>();
    const tos = new Map<number, number>();
    for (const e of row.edges) {
      if (e.toward <= i) found.push(`row ${i}: a segment leads upward, toward row ${e.toward}`);
      if (e.to < 0 || e.to >= layout.laneCount) found.push(`row ${i}: lands on lane ${e.to}, out of range`);
      if (e.toward === i + 1 && e.to !== nextLane) found.push(`row ${i}: a line toward the next row misses its node`);
      if (e.from !== row.lane) {
        if (froms.has(e.from)) found.push(`row ${i}: two lines leave lane ${e.from}`);
        froms.add(e.from);
      }
      if (e.to !== nextLane) {
        const other = tos.get(e.to);
        if (other !== undefined && other !== e.toward) found.push(`row ${i}: two lines land on lane ${e.to}`);
        tos.set(e.to, e.toward);
      }
    }
  }
  for (let c = 0; c < revisions.length; c++) {
    for (const parentId of revisions[c]!.parents) {
      const p = rowOf.get(parentId)!;
      let lane: number | undefined = laid[c]!.lane;
      for (let r = c; r < p && lane !== undefined; r++)
        lane = laid[r]!.edges.find((e) => e.from === lane && e.toward === p)?.to;
      if (lane !== laid[p]!.lane) found.push(`edge ${revisions[c]!.id} → ${parentId} is not drawn through to its node`);
    }
  }
  return found;
}

function expectConnected(revisions: readonly LayoutRevision[], layout: GraphLayout): void {
  expect(problems(revisions, layout)).toEqual([]);
}

describe('layoutGraph', () => {
  it('draws a linear chain on one lane', () => {
    const revisions = rows('e: d', 'd: c', 'c: b', 'b: a', 'a:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(1);
    expect(lanesOf(layout)).toEqual([0, 0, 0, 0, 0]);
    expect(rowsOf(layout)[0]!.edges).toEqual([{ from: 0, to: 0, color: 0, toward: 1 }]);
    expect(rowsOf(layout)[4]!.edges).toEqual([]);
    expect(new Set(rowsOf(layout).map((r) => r.color)).size).toBe(1);
    expectConnected(revisions, layout);
  });

  it('uses a second lane for a branch and merge, then frees it', () => {
    // m merges main (c) and the branch (y); the branch forked off b.
    const revisions = rows('top: m', 'm: c y', 'c: b', 'y: x', 'x: b', 'b: a', 'a:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(2);
    expect(lanesOf(layout)).toEqual([0, 0, 0, 1, 1, 0, 0]);
    // The merge opens a line toward y on lane 1 and keeps c on its own lane.
    expect(rowsOf(layout)[1]!.edges).toEqual(
      expect.arrayContaining([
        { from: 0, to: 0, color: 0, toward: 2 },
        { from: 0, to: 1, color: 1, toward: 3 },
      ]),
    );
    // x's line bends into b, where the branch began: lane 1 is free again.
    expect(rowsOf(layout)[4]!.edges).toEqual(
      expect.arrayContaining([
        { from: 1, to: 0, color: 1, toward: 5 },
        { from: 0, to: 0, color: 0, toward: 5 },
      ]),
    );
    expect(widthAfter(layout, 1)).toBe(2);
    expect(widthAfter(layout, 5)).toBe(1);
    // The main line keeps one colour through the merge and the branch point.
    expect([0, 1, 2, 5, 6].map((i) => rowsOf(layout)[i]!.color)).toEqual([0, 0, 0, 0, 0]);
    expect(rowsOf(layout)[3]!.color).not.toBe(rowsOf(layout)[2]!.color);
    expectConnected(revisions, layout);
  });

  it('gives two open heads a lane each until they meet', () => {
    const revisions = rows('h2: c', 'h1: b', 'c: a', 'b: a', 'a:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(2);
    expect(lanesOf(layout)).toEqual([0, 1, 0, 1, 0]);
    expect(rowsOf(layout)[0]!.color).not.toBe(rowsOf(layout)[1]!.color);
    expectConnected(revisions, layout);
  });

  it('reuses a freed lane rather than growing', () => {
    // Two branches, one after the other: each forks and merges within its own stretch.
    const revisions = rows('m2: k y2', 'y2: k', 'k: m1', 'm1: c y1', 'y1: b', 'c: b', 'b:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(2);
    expect(rowsOf(layout)[1]!.lane).toBe(1);
    expect(rowsOf(layout)[4]!.lane).toBe(1);
    expectConnected(revisions, layout);
  });

  it('draws several bases, each ending its own line', () => {
    const revisions = rows('m: a2 b2 c1', 'a2: a1', 'b2: b1', 'a1:', 'b1:', 'c1:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(3);
    expect(lanesOf(layout)).toEqual([0, 0, 1, 0, 1, 2]);
    expect(rowsOf(layout)[3]!.edges).toHaveLength(2); // b's and c's lines pass a1 by
    expect(rowsOf(layout)[5]!.edges).toEqual([]);
    expectConnected(revisions, layout);
  });

  it('draws a branch point with several children converging on the parent', () => {
    const revisions = rows('c3: p', 'c2: p', 'c1: p', 'p:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(3);
    expect(lanesOf(layout)).toEqual([0, 1, 2, 0]);
    expect(rowsOf(layout)[2]!.edges.map((e) => [e.from, e.to])).toEqual(
      expect.arrayContaining([
        [0, 0],
        [1, 0],
        [2, 0],
      ]),
    );
    expectConnected(revisions, layout);
  });

  it('gives the same row object each time, so a memoised row is not redrawn', () => {
    const layout = layoutGraph(rows('top: m', 'm: c y', 'c: b', 'y: x', 'x: b', 'b: a', 'a:'));
    expect(layout.count).toBe(7);
    expect(layout.row(1)).toBe(layout.row(1));
    expect(layout.row(6)).toBe(layout.row(6));
    expect(() => layout.row(7)).toThrow(RangeError);
    expect(() => layout.row(-1)).toThrow(RangeError);
  });

  it('lays out the same with a row index given by the caller', () => {
    const revisions = rows('h: b', 'm: c b', 'c: b', 'b:');
    const given = layoutGraph(revisions, new Map(revisions.map((r, i) => [r.id, i])));
    expect(rowsOf(given)).toEqual(rowsOf(layoutGraph(revisions)));
  });

  it('joins a merge parent to a line already waiting for it', () => {
    // h waits for b on lane 0 when m (parents c, b) is laid out: m's second line joins it.
    const revisions = rows('h: b', 'm: c b', 'c: b', 'b:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(2);
    expect(rowsOf(layout)[1]!.edges).toEqual(
      expect.arrayContaining([
        { from: 1, to: 0, color: 0, toward: 3 },
        { from: 0, to: 0, color: 0, toward: 3 },
      ]),
    );
    expectConnected(revisions, layout);
  });

  it('handles an octopus merge and a parent that is the very next row', () => {
    const revisions = rows('m: a b c', 'a: r', 'b: r', 'c: r', 'r:');
    const layout = layoutGraph(revisions);
    expect(layout.laneCount).toBe(3);
    expect(rowsOf(layout)[0]!.edges.map((e) => [e.from, e.to])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
    ]);
    expectConnected(revisions, layout);
  });

  it('leaves out parents that are unknown, repeated or above their child', () => {
    const revisions = rows('b: a a nowhere', 'a: b');
    const layout = layoutGraph(revisions);
    expect(rowsOf(layout)[0]!.edges).toEqual([{ from: 0, to: 0, color: 0, toward: 1 }]);
    expect(rowsOf(layout)[1]!.edges).toEqual([]);
  });

  it('lays out 10,000 revisions with branches, merges and open heads, every edge connected', () => {
    // Built oldest first, then reversed: a main line; branches fork off, grow interleaved
    // with it, and merge back (a few stay open as extra heads); a few extra bases.
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const oldestFirst: { id: string; parents: string[] }[] = [];
    let main = 'r0';
    oldestFirst.push({ id: main, parents: [] });
    const open: { tip: string; left: number }[] = [];
    for (let i = 1; oldestFirst.length < 10_000; i++) {
      const id = `r${i}`;
      const roll = random();
      if (roll < 0.02 && open.length < 6) {
        open.push({ tip: main, left: 3 + Math.floor(random() * 40) });
        continue;
      }
      if (roll < 0.003 + 0.02) {
        oldestFirst.push({ id, parents: [] }); // another base, merged in right away
        oldestFirst.push({ id: `${id}m`, parents: [main, id] });
        main = `${id}m`;
        continue;
      }
      const branch = open.length > 0 && random() < 0.5 ? open[Math.floor(random() * open.length)] : undefined;
      if (branch) {
        oldestFirst.push({ id, parents: [branch.tip] });
        branch.tip = id;
        if (--branch.left <= 0 && random() < 0.9) {
          open.splice(open.indexOf(branch), 1);
          oldestFirst.push({ id: `${id}m`, parents: [main, branch.tip] });
          main = `${id}m`;
        } else if (branch.left <= 0) {
          open.splice(open.indexOf(branch), 1); // stays an open head
        }
      } else {
        oldestFirst.push({ id, parents: [main] });
        main = id;
      }
    }
    const revisions = oldestFirst.reverse();
    expect(revisions.filter((r) => r.parents.length > 1).length).toBeGreaterThan(100);
    const layout = layoutGraph(revisions);
    expect(rowsOf(layout)).toHaveLength(revisions.length);
    expect(layout.laneCount).toBeGreaterThan(1);
    expect(layout.laneCount).toBeLessThanOrEqual(16);
    expectConnected(revisions, layout);
  });
});

describe('layoutGraph on the shapes real histories have (issue 16)', () => {
  /** Rows as the studio gets them: the engine's depth-first order from the heads, reversed (newest first). */
  function serverOrder(oldestFirst: readonly LayoutRevision[]): LayoutRevision[] {
    const byId = new Map(oldestFirst.map((r) => [r.id, r]));
    const hasChild = new Set(oldestFirst.flatMap((r) => r.parents));
    const heads = oldestFirst.filter((r) => !hasChild.has(r.id)).map((r) => r.id);
    const done = new Set<string>();
    const order: LayoutRevision[] = [];
    const visit = (id: string): void => {
      const stack: { id: string; next: number }[] = [{ id, next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const parents = byId.get(top.id)!.parents;
        if (top.next < parents.length) {
          const p = parents[top.next++]!;
          if (!done.has(p) && !stack.some((s) => s.id === p)) stack.push({ id: p, next: 0 });
        } else {
          stack.pop();
          if (!done.has(top.id)) {
            done.add(top.id);
            order.push(byId.get(top.id)!);
          }
        }
      }
    };
    for (const h of heads) visit(h);
    return order.reverse();
  }

  it('29 merges, 28 branch points, 3-parent merges and three bases: every edge connected', () => {
    const oldestFirst: LayoutRevision[] = [{ id: 'base0', parents: [] }];
    let main = 'base0';
    let n = 0;
    const next = (parents: string[]): string => {
      const id = `r${n++}`;
      oldestFirst.push({ id, parents });
      return id;
    };
    for (let round = 0; round < 28; round++) {
      // A branch point: two (every fourth round three) branches grow from the main line...
      const fork = main;
      const width = round % 4 === 0 ? 3 : 2;
      const tips = Array.from({ length: width }, (_, k) => {
        let tip = fork;
        for (let step = 0; step <= (round + k) % 3; step++) tip = next([tip]);
        return tip;
      });
      // ...interleaved with main-line work on some rounds, then merged: a 3-parent merge when three grew.
      if (round % 3 === 0) main = next([main]);
      main = next(round % 3 === 0 ? [main, ...tips] : tips);
      if (round === 10 || round === 20) {
        const base = `base${round / 10}`;
        oldestFirst.push({ id: base, parents: [] });
        main = next([main, base]); // another base, merged in
      }
    }
    const merges = oldestFirst.filter((r) => r.parents.length > 1);
    const threeParent = merges.filter((r) => r.parents.length === 3);
    const childCount = new Map<string, number>();
    for (const r of oldestFirst) for (const p of r.parents) childCount.set(p, (childCount.get(p) ?? 0) + 1);
    expect(merges.length).toBeGreaterThanOrEqual(29);
    expect(threeParent.length).toBeGreaterThan(3);
    expect([...childCount.values()].filter((c) => c > 1).length).toBeGreaterThanOrEqual(28);
    expect(oldestFirst.filter((r) => r.parents.length === 0)).toHaveLength(3);
    const revisions = serverOrder(oldestFirst);
    const layout = layoutGraph(revisions);
    expectConnected(revisions, layout);
    expect(layout.laneCount).toBeLessThanOrEqual(5);
  });
});

import { describe, expect, it } from 'vitest';
import type { GraphData } from '../api/project.ts';
import { graphWire } from '../api/project.ts';
import { packGraph, unpackGraph } from './graph-wire.ts';

const graph: GraphData = {
  revisions: [
    {
      id: 'cccc',
      parents: ['aaaa', 'bbbb'],
      dependsOn: [],
      labels: ['billing'],
      declaredLabels: [],
      message: 'merge',
      created: null,
      transactional: true,
    },
    {
      id: 'bbbb',
      parents: ['gone'],
      dependsOn: ['aaaa'],
      labels: [],
      declaredLabels: ['billing'],
      message: 'a branch on a revision whose file does not load',
      created: '2026-01-02T00:00:00Z',
      transactional: false,
    },
    {
      id: 'aaaa',
      parents: [],
      dependsOn: [],
      labels: [],
      declaredLabels: [],
      message: 'base',
      created: '2026-01-01T00:00:00Z',
      transactional: true,
    },
  ],
  heads: ['cccc'],
  bases: ['aaaa'],
  generation: 3,
};

describe('the graph on the wire', () => {
  it('unpacks to exactly what was packed, a parent outside the graph included', () => {
    const wire = packGraph(graph);
    expect(graphWire.parse(wire)).toEqual(wire);
    expect(unpackGraph(wire)).toEqual(graph);
  });

  it('names parents by row and lists only the revisions with something beyond id, message and date', () => {
    const wire = packGraph(graph);
    expect(wire.parents).toEqual([[2, 1], ['gone'], []]);
    expect(wire.extras.map((e) => e.row)).toEqual([0, 1]);
  });

  it('is much smaller than one object per revision', () => {
    const revisions = Array.from({ length: 1000 }, (_, i) => ({
      id: i.toString(16).padStart(12, '0'),
      parents: i === 999 ? [] : [(i + 1).toString(16).padStart(12, '0')],
      dependsOn: [],
      labels: [],
      declaredLabels: [],
      message: `revision number ${i}`,
      created: '2026-01-01T00:00:00Z',
      transactional: true,
    }));
    const big: GraphData = { revisions, heads: [revisions[0]?.id ?? ''], bases: [], generation: 1 };
    expect(JSON.stringify(packGraph(big)).length).toBeLessThan(JSON.stringify(big).length * 0.6);
  });
});

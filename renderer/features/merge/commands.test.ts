import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { MergeAnalyzeOutput } from '../../../shared/api/merge.ts';
import type { Client } from '../../../shared/rpc/client.ts';
import { scriptedClient, settle } from '../../../test/support/scripted-client.ts';
import type { StudioStore } from '../../store/studio-store.ts';
import { analyze, confirmLinearize, createMerge, editDraft, previewLinearize } from './commands.ts';
import { createMergeStore } from './store.ts';

/** The parts of the studio the merge commands use, recording what they were asked. */
function studioWith(client: Client, kind: 'sqlite' | 'postgres' = 'sqlite') {
  const done: string[] = [];
  const studio = createStore(() => ({
    client,
    activeConnectionId: 'c1',
    connections: [{ id: 'c1', name: 'dev', settings: { kind } }],
    loadProject: async () => void done.push('loadProject'),
    closeMerge: () => void done.push('closeMerge'),
    select: async (id: string | null) => void done.push(`select ${id}`),
  })) as unknown as StudioStore;
  return { studio, done };
}

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

function analysisOf(verdict: 'conflict' | 'clean'): MergeAnalyzeOutput {
  const conflicts =
    verdict === 'conflict'
      ? [
          {
            rule: 'same-column' as const,
            kind: 'column' as const,
            object: 'users.nickname',
            message: 'users.nickname is added on both branches',
            sides: [
              { head: A, revision: A, line: 8, action: 'create' as const, what: 'ADD COLUMN' },
              { head: B, revision: B, line: 8, action: 'create' as const, what: 'ADD COLUMN' },
            ],
            suggestion: 'drop one of the two ADD COLUMN',
          },
        ]
      : [];
  return {
    analysis: {
      heads: [A, B],
      forkPoints: ['f00000000000'],
      branches: [A, B].map((head) => ({ head, labels: [], revisions: [] })),
      pairs: [{ heads: [A, B], verdict, conflicts, opaque: [], commute: null }],
      verdict,
    },
    databases: [],
    suggestedSql: verdict === 'conflict' ? '-- conflict (same-column): users.nickname\n' : '',
  };
}

describe('merge commands', () => {
  it('analyzes the picked heads (shadows on the active PostgreSQL server) and starts a draft from it', async () => {
    const { client, calls } = scriptedClient();
    const store = createMergeStore();
    const done = analyze(store, studioWith(client, 'postgres').studio, [A, B]);
    expect(store.getState().analysis).toEqual({ state: 'loading' });
    expect(calls[0]).toMatchObject({ method: 'merge.analyze', input: { heads: [A, B], shadowConnectionId: 'c1' } });
    calls[0]?.answer(analysisOf('conflict'));
    await done;
    expect(store.getState().analysis.state).toBe('ready');
    expect(store.getState().draft).toMatchObject({
      message: 'merge aaaaaaaa and bbbbbbbb',
      upgradeSql: '-- conflict (same-column): users.nickname\n',
      acceptConflicts: false,
    });
  });

  it('every head when none was picked; an older answer never replaces a newer one', async () => {
    const { client, calls } = scriptedClient();
    const store = createMergeStore();
    const { studio } = studioWith(client);
    const first = analyze(store, studio, []);
    expect(calls[0]?.input).toEqual({});
    const second = analyze(store, studio, [A, B]);
    calls[1]?.answer(analysisOf('clean'));
    await second;
    calls[0]?.answer(analysisOf('conflict'));
    await first;
    const a = store.getState().analysis;
    expect(a.state === 'ready' && a.result.analysis.verdict).toBe('clean');
  });

  it('refuses a merge revision over conflicts until they are accepted, then writes it and shows it', async () => {
    const { client, calls } = scriptedClient();
    const store = createMergeStore();
    const { studio, done } = studioWith(client);
    const analysing = analyze(store, studio, []);
    calls[0]?.answer(analysisOf('conflict'));
    await analysing;

    await createMerge(store, studio);
    expect(calls).toHaveLength(1);
    expect(store.getState().createError).toMatch(/^1 conflict: reconcile them/);

    editDraft(store, { acceptConflicts: true, downgradeSql: '   ' });
    const creating = createMerge(store, studio);
    expect(calls[1]).toMatchObject({
      method: 'merge.create',
      input: { heads: [A, B], message: 'merge aaaaaaaa and bbbbbbbb', upgradeSql: expect.stringContaining('users') },
    });
    expect(calls[1]?.input).not.toHaveProperty('downgradeSql');
    calls[1]?.answer({ revision: 'cccccccccccc', file: 'versions/cccccccccccc_merge.sql', parents: [A, B] });
    await creating;
    // The graph is loaded again before the screen closes, and the new revision is selected.
    expect(done).toEqual(['loadProject', 'closeMerge', 'select cccccccccccc']);
    expect(store.getState().createError).toBeNull();
  });

  it('a clean merge needs no confirmation and sends no blank SQL', async () => {
    const { client, calls } = scriptedClient();
    const store = createMergeStore();
    const { studio } = studioWith(client);
    const analysing = analyze(store, studio, []);
    calls[0]?.answer(analysisOf('clean'));
    await analysing;
    const creating = createMerge(store, studio);
    expect(calls[1]?.input).toEqual({ heads: [A, B], message: 'merge aaaaaaaa and bbbbbbbb' });
    calls[1]?.fail('versions/ is read-only');
    await creating;
    expect(store.getState()).toMatchObject({ creating: false, createError: 'versions/ is read-only' });
  });

  it('linearizes only after the header diff was shown, then reloads the graph, selects the branch head', async () => {
    const { client, calls } = scriptedClient();
    const store = createMergeStore();
    const { studio, done } = studioWith(client);
    const previewing = previewLinearize(store, studio, B, A);
    expect(calls[0]).toMatchObject({ method: 'merge.linearizePreview', input: { branchHead: B, onto: A } });
    const preview = {
      branchHead: B,
      onto: A,
      moved: [B],
      changes: [
        {
          revision: B,
          file: 'versions/b.sql',
          parentsBefore: ['f00000000000'],
          parentsAfter: [A],
          diff: [
            { kind: '-', text: '-- strata:parents f00000000000' },
            { kind: '+', text: `-- strata:parents ${A}` },
          ],
        },
      ],
      written: false,
      unchecked: [],
    };
    calls[0]?.answer(preview);
    await previewing;
    expect(store.getState().linearize).toMatchObject({ state: 'ready', preview: { moved: [B] } });

    const refused = confirmLinearize(store, studio);
    expect(calls[1]).toMatchObject({ method: 'merge.linearize', input: { branchHead: B, onto: A } });
    calls[1]?.fail('cannot linearize: dev has applied bbbbbbbbbbbb');
    await refused;
    expect(store.getState().linearize).toMatchObject({ state: 'ready', error: /dev has applied/ });
    expect(done).toEqual([]);

    const writing = confirmLinearize(store, studio);
    calls[2]?.answer({ ...preview, written: true });
    await writing;
    await settle();
    expect(store.getState().linearize).toBeNull();
    expect(done).toEqual(['loadProject', 'closeMerge', `select ${B}`]);
  });
});

import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Client } from '../../../shared/rpc/client.ts';
import { scriptedClient, settle } from '../../../test/support/scripted-client.ts';
import type { StudioStore } from '../../store/studio-store.ts';
import { onRunEvent, preview, replan, start } from './commands.ts';
import { createRunStore } from './store.ts';

/** The parts of the studio the run commands use. */
function studioWith(client: Client, kind: 'sqlite' | 'postgres', reloads: string[] = []): StudioStore {
  return createStore(() => ({
    client,
    activeConnectionId: 'c1',
    connections: [{ id: 'c1', name: 'dev', settings: { kind } }],
    graph: { generation: 1 },
    loadProject: async () => void reloads.push('project'),
    refreshProject: async () => void reloads.push('refresh'),
    refreshStatus: async () => {},
  })) as unknown as StudioStore;
}

const step = (revision: string) => ({ revision, direction: 'upgrade', message: revision, transactional: true });

describe('run commands', () => {
  it('preview plans on the active connection, then sizes the upgrade on PostgreSQL', async () => {
    const { client, calls } = scriptedClient();
    const run = createRunStore();
    const done = preview(run, studioWith(client, 'postgres'), 'upgrade', 'heads');
    expect(run.getState().run).toMatchObject({
      connectionId: 'c1',
      direction: 'upgrade',
      target: 'heads',
      phase: 'planning',
    });
    calls[0]?.answer({ steps: [step('r1'), step('r2')] });
    await settle();
    expect(run.getState().run).toMatchObject({ phase: 'planned', impact: { state: 'loading' } });
    expect(calls[1]).toMatchObject({ method: 'lint.impact', input: { connectionId: 'c1', revisions: ['r1', 'r2'] } });
    calls[1]?.answer({ method: 'measured', revisions: [{ revision: 'r1', relations: [] }] });
    await done;
    expect(run.getState().run?.impact).toEqual({ state: 'ready', method: 'measured', byRevision: { r1: [] } });
  });

  it('a plan asked again meanwhile keeps the sizes of the older one out', async () => {
    const { client, calls } = scriptedClient();
    const run = createRunStore();
    const studio = studioWith(client, 'postgres');
    const first = preview(run, studio, 'upgrade', 'heads');
    calls[0]?.answer({ steps: [step('r1')] });
    await settle();
    const second = preview(run, studio, 'upgrade', 'r1');
    calls[2]?.answer({ steps: [] });
    await second;
    calls[1]?.answer({ method: 'measured', revisions: [] });
    await first;
    expect(run.getState().run).toMatchObject({ target: 'r1', phase: 'planned', impact: null });
  });

  it("keeps an Alembic run's output lines in order, and a new start clears them", async () => {
    const { client, calls } = scriptedClient();
    const run = createRunStore();
    const studio = studioWith(client, 'sqlite');
    const planned = preview(run, studio, 'upgrade', 'heads');
    calls[0]?.answer({ steps: [step('r1')] });
    await planned;
    const started = start(run, studio);
    calls[1]?.answer({ runId: 'run-1' });
    await started;
    const line = (stream: 'stdout' | 'stderr' | 'note', text: string): void =>
      onRunEvent(run, studio, { runId: 'run-1', connectionId: 'c1', event: { type: 'output', stream, line: text } });
    line('note', 'alembic upgrade heads');
    line('stderr', 'INFO  [alembic.runtime.migration] Running upgrade  -> r1, r1');
    expect(run.getState().run?.output).toEqual([
      { stream: 'note', line: 'alembic upgrade heads' },
      { stream: 'stderr', line: 'INFO  [alembic.runtime.migration] Running upgrade  -> r1, r1' },
    ]);
    onRunEvent(run, studio, {
      runId: 'run-1',
      connectionId: 'c1',
      event: { type: 'done', applied: 1, skipped: 0, durationMs: 5, rows: ['r1'] },
    });
    const again = start(run, studio, { lockTimeout: '200ms', retries: 2 });
    expect(run.getState().run?.output).toEqual([]);
    // the guard rails go with the start, as the CLI's --lock-timeout and --retries
    expect(calls[2]).toMatchObject({ method: 'run.start', input: { lockTimeout: '200ms', retries: 2 } });
    calls[2]?.answer({ runId: 'run-2' });
    await again;
  });

  it(
    'keeps run events that arrive before the start reply, ' + 'ignores other runs, reloads the project when done',
    async () => {
      const { client, calls } = scriptedClient();
      const run = createRunStore();
      const reloads: string[] = [];
      const studio = studioWith(client, 'sqlite', reloads);
      const planned = preview(run, studio, 'upgrade', 'heads');
      calls[0]?.answer({ steps: [step('r1')] });
      await planned;
      const started = start(run, studio);
      expect(run.getState().run?.phase).toBe('starting');
      onRunEvent(run, studio, {
        runId: 'run-1',
        connectionId: 'c1',
        event: { type: 'step-start', index: 0, total: 1, revision: 'r1', direction: 'upgrade', message: 'r1' },
      });
      onRunEvent(run, studio, {
        runId: 'run-1',
        connectionId: 'c1',
        event: { type: 'statement-start', revision: 'r1', index: 0, line: 7, sql: 'SELECT 1' },
      });
      calls[1]?.answer({ runId: 'run-1' });
      await started;
      expect(run.getState().run).toMatchObject({
        runId: 'run-1',
        phase: 'running',
        current: 'r1',
        statements: [{ revision: 'r1', line: 7, durationMs: null }],
      });
      onRunEvent(run, studio, {
        runId: 'run-2',
        connectionId: 'c1',
        event: {
          type: 'step-end',
          index: 0,
          total: 1,
          revision: 'other',
          direction: 'upgrade',
          durationMs: 1,
          outcome: 'applied',
        },
      });
      expect(run.getState().run?.done).toEqual([]);
      onRunEvent(run, studio, {
        runId: 'run-1',
        connectionId: 'c1',
        event: { type: 'statement-end', revision: 'r1', index: 0, line: 7, durationMs: 2.5 },
      });
      onRunEvent(run, studio, {
        runId: 'run-1',
        connectionId: 'c1',
        event: {
          type: 'step-end',
          index: 0,
          total: 1,
          revision: 'r1',
          direction: 'upgrade',
          durationMs: 3,
          outcome: 'applied',
        },
      });
      onRunEvent(run, studio, {
        runId: 'run-1',
        connectionId: 'c1',
        event: { type: 'done', applied: 1, skipped: 0, durationMs: 4, rows: ['r1'] },
      });
      expect(run.getState().run).toMatchObject({
        phase: 'done',
        done: ['r1'],
        current: null,
        durationMs: 4,
        statements: [{ durationMs: 2.5 }],
      });
      expect(reloads).toEqual(['project']);
    },
  );

  it('a plan made from a newer load of the project than the graph brings the graph up to it', async () => {
    const { client, calls } = scriptedClient();
    const run = createRunStore();
    const reloads: string[] = [];
    const planned = preview(run, studioWith(client, 'sqlite', reloads), 'upgrade', 'heads');
    calls[0]?.answer({ steps: [step('r1'), step('r2')], rows: [], generation: 2 });
    await planned;
    expect(reloads).toEqual(['refresh']);
  });

  it('a project that changed makes the plan shown again; a run that failed is kept as it is', async () => {
    const { client, calls } = scriptedClient();
    const run = createRunStore();
    const studio = studioWith(client, 'sqlite');
    const planned = preview(run, studio, 'upgrade', 'heads');
    calls[0]?.answer({ steps: [step('r1')], rows: [], generation: 1 });
    await planned;
    const again = replan(run, studio);
    expect(calls[1]).toMatchObject({ method: 'run.plan', input: { connectionId: 'c1', target: 'heads' } });
    calls[1]?.answer({ steps: [step('r1'), step('m1')], rows: [], generation: 1 });
    await again;
    expect(run.getState().run?.steps.map((s) => s.revision)).toEqual(['r1', 'm1']);
    run.setState({
      run: {
        ...(run.getState().run as NonNullable<ReturnType<typeof run.getState>['run']>),
        runId: 'x',
        phase: 'failed',
      },
    });
    await replan(run, studio);
    expect(calls).toHaveLength(2);
  });
});

// The only ways the run console's state changes. Each takes the run store and the studio's:
// the studio holds the client, the active connection and its status, and the project that a
// finished run reloads.
import type { PlanStepInfo } from '../../../shared/api/common.ts';
import type { RunEventMessage } from '../../../shared/api/run.ts';
import { errorMessage, type StudioStore } from '../../store/studio-store.ts';
import { lastRunOf } from './last-run.ts';
import type { Direction, ResolveAction, RunStore, RunView } from './store.ts';

/** Upgrade steps whose relations are sized at once; a longer plan is sized up to here. */
const IMPACT_STEPS = 100;

const MAX_STATEMENTS = 5000;

function update(run: RunStore, patch: Partial<RunView>): void {
  const current = run.getState().run;
  if (current) run.setState({ run: { ...current, ...patch } });
}

/** Shows the plan to `target` on the active connection; on PostgreSQL, sizes its relations too. */
export async function preview(run: RunStore, studio: StudioStore, direction: Direction, target: string): Promise<void> {
  const { activeConnectionId: connectionId, client } = studio.getState();
  if (!connectionId) return;
  run.setState({
    run: {
      connectionId,
      direction,
      target,
      phase: 'planning',
      runId: null,
      steps: [],
      done: [],
      current: null,
      statements: [],
      output: [],
      failure: null,
      error: null,
      durationMs: null,
      impact: null,
      rehearsal: null,
    },
  });
  let steps: readonly PlanStepInfo[];
  try {
    const plan = await client.call('run.plan', { connectionId, direction, target });
    steps = plan.steps;
    update(run, { phase: 'planned', steps });
    // Planned from a newer load of the project than the graph's: the graph catches up.
    const drawn = studio.getState().graph;
    if (drawn && plan.generation > drawn.generation) void studio.getState().refreshProject();
  } catch (error) {
    update(run, { phase: 'failed', error: errorMessage(error) });
    return;
  }
  const postgres = studio.getState().connections.find((c) => c.id === connectionId)?.settings.kind === 'postgres';
  const revisions = steps
    .filter((st) => st.direction === 'upgrade')
    .slice(0, IMPACT_STEPS)
    .map((st) => st.revision);
  if (!postgres || revisions.length === 0) return;
  const mine = run.getState().run;
  const current = (): boolean => {
    const now = run.getState().run;
    return (
      now?.connectionId === mine?.connectionId && now?.target === mine?.target && now?.direction === mine?.direction
    );
  };
  update(run, { impact: { state: 'loading' } });
  try {
    const impact = await client.call('lint.impact', { connectionId, revisions });
    if (current())
      update(run, {
        impact: {
          state: 'ready',
          method: impact.method,
          byRevision: Object.fromEntries(impact.revisions.map((r) => [r.revision, r.relations])),
        },
      });
  } catch (error) {
    if (current()) update(run, { impact: { state: 'error', message: errorMessage(error) } });
  }
}

/** The project changed: a plan shown (not started) is made again from the new load, so it matches the graph. */
export async function replan(run: RunStore, studio: StudioStore): Promise<void> {
  const shown = run.getState().run;
  // A plan that failed (say, "no revision …" of a file being written) is asked again too; a failed run is kept.
  const planFailed = shown?.phase === 'failed' && shown.steps.length === 0;
  if (!shown || (shown.phase !== 'planned' && !planFailed) || shown.runId !== null) return;
  if (shown.connectionId !== studio.getState().activeConnectionId) return;
  await preview(run, studio, shown.direction, shown.target);
}

/** Runs the plan in one rolled-back transaction on PostgreSQL and keeps the observed locks. */
export async function rehearse(run: RunStore, studio: StudioStore, confirmDatabaseName?: string): Promise<void> {
  const planned = run.getState().run;
  if (!planned || planned.phase !== 'planned' || planned.direction !== 'upgrade') return;
  update(run, { rehearsal: { state: 'running' } });
  try {
    const result = await studio.getState().client.call('run.rehearse', {
      connectionId: planned.connectionId,
      target: planned.target,
      ...(confirmDatabaseName !== undefined ? { confirmDatabaseName } : {}),
    });
    const now = run.getState().run;
    if (now?.target === planned.target && now.connectionId === planned.connectionId)
      update(run, { rehearsal: { state: 'ready', result } });
  } catch (error) {
    update(run, { rehearsal: { state: 'error', message: errorMessage(error) } });
  }
}

export interface StartOptions {
  readonly maxSteps?: number;
  readonly confirmDatabaseName?: string;
  readonly singleTransaction?: boolean;
  /** PostgreSQL: how long a statement may wait for its lock (the CLI's --lock-timeout). */
  readonly lockTimeout?: string;
  /** Runs again after a lock timeout, at most this many times (the CLI's --retries). */
  readonly retries?: number;
}

export async function start(run: RunStore, studio: StudioStore, options: StartOptions = {}): Promise<void> {
  const planned = run.getState().run;
  if (!planned || (planned.phase !== 'planned' && planned.phase !== 'done')) return;
  update(run, { phase: 'starting', done: [], statements: [], output: [], failure: null, error: null, current: null });
  try {
    const { runId } = await studio.getState().client.call('run.start', {
      connectionId: planned.connectionId,
      direction: planned.direction,
      target: planned.target,
      singleTransaction: options.singleTransaction ?? false,
      ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      ...(options.confirmDatabaseName !== undefined ? { confirmDatabaseName: options.confirmDatabaseName } : {}),
      ...(options.lockTimeout !== undefined ? { lockTimeout: options.lockTimeout } : {}),
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
    });
    const now = run.getState().run;
    // Events may have arrived before the reply: keep what they set.
    if (now) run.setState({ run: { ...now, runId, phase: now.phase === 'starting' ? 'running' : now.phase } });
  } catch (error) {
    update(run, { phase: 'failed', error: errorMessage(error) });
  }
}

/**
 * Unlocks downgrade on the protected connection of the plan shown, for this session, with the
 * database name typed for the run. Returns the service's refusal, or null once unlocked.
 */
export async function unlockDowngrade(
  run: RunStore,
  studio: StudioStore,
  databaseName: string,
): Promise<string | null> {
  const shown = run.getState().run;
  if (!shown || shown.direction !== 'downgrade') return null;
  try {
    await studio.getState().unlockConnection(shown.connectionId, databaseName);
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

export async function cancel(run: RunStore, studio: StudioStore): Promise<void> {
  const runId = run.getState().run?.runId;
  if (runId) await studio.getState().client.call('run.cancel', { runId });
}

/** Reads the active connection's last run back from its history table (it outlives the page). */
export async function loadLastRun(run: RunStore, studio: StudioStore): Promise<void> {
  const { activeConnectionId: connectionId, client } = studio.getState();
  if (!connectionId) return;
  const shown = run.getState().lastRun;
  // Keep what is shown while it is read again; another connection's starts from loading.
  if (shown?.connectionId !== connectionId || shown.state === 'error')
    run.setState({ lastRun: { connectionId, state: 'loading' } });
  try {
    const rows = await client.call('database.history', { connectionId });
    if (studio.getState().activeConnectionId === connectionId)
      run.setState({ lastRun: { connectionId, state: 'ready', run: lastRunOf(rows) } });
  } catch (error) {
    if (studio.getState().activeConnectionId === connectionId)
      run.setState({ lastRun: { connectionId, state: 'error', message: errorMessage(error) } });
  }
}

export function closeRun(run: RunStore): void {
  run.setState({ run: null });
}

/** Takes a way out of an interrupted revision on the active connection, then plans again. */
export async function resolveInterrupted(
  run: RunStore,
  studio: StudioStore,
  revision: string,
  action: ResolveAction,
  confirmDatabaseName?: string,
): Promise<void> {
  const connectionId = studio.getState().activeConnectionId;
  if (!connectionId || run.getState().resolution?.state === 'running') return;
  run.setState({ resolution: { state: 'running', revision, action } });
  try {
    await studio.getState().client.call('run.resolve', {
      connectionId,
      revision,
      action,
      ...(confirmDatabaseName !== undefined ? { confirmDatabaseName } : {}),
    });
    run.setState({ resolution: null });
  } catch (error) {
    run.setState({ resolution: { state: 'error', revision, action, message: errorMessage(error) } });
  }
  await studio.getState().refreshStatus(connectionId);
  const shown = run.getState().run;
  if (shown && shown.connectionId === connectionId && (shown.phase === 'planned' || shown.phase === 'failed'))
    await preview(run, studio, shown.direction, shown.target);
}

/** A run event from the service: it updates the run shown, if it is that run. */
export function onRunEvent(run: RunStore, studio: StudioStore, { runId, connectionId, event }: RunEventMessage): void {
  const shown = run.getState().run;
  if (!shown || shown.connectionId !== connectionId || (shown.runId !== null && shown.runId !== runId)) return;
  switch (event.type) {
    case 'plan':
      update(run, { runId, phase: 'running', steps: event.steps });
      break;
    case 'step-start':
      update(run, { runId, current: event.revision });
      break;
    case 'statement-start':
      update(run, {
        statements: [
          ...shown.statements,
          { revision: event.revision, index: event.index, line: event.line, sql: event.sql, durationMs: null },
        ].slice(-MAX_STATEMENTS),
      });
      break;
    case 'statement-end': {
      const statements = shown.statements.map((s) =>
        s.revision === event.revision && s.index === event.index && s.durationMs === null
          ? { ...s, durationMs: event.durationMs }
          : s,
      );
      update(run, { statements });
      break;
    }
    case 'step-end':
      update(run, { done: [...shown.done, event.revision], current: null });
      break;
    case 'done':
      update(run, { phase: 'done', durationMs: event.durationMs, current: null });
      void studio.getState().loadProject();
      break;
    case 'failed':
      update(run, { phase: 'failed', failure: event, current: null });
      break;
    case 'lock-wait':
      break;
    case 'output':
      update(run, { output: [...shown.output, { stream: event.stream, line: event.line }].slice(-MAX_STATEMENTS) });
      break;
  }
}

// The run console: the plan shown before anything runs, then the streamed run.
import type { PlanStepInfo } from '../../shared/api/common.ts';
import type { RelationImpactInfo } from '../../shared/api/lint.ts';
import type { InterruptedRunInfo, RehearsalInfo, RunEventMessage } from '../../shared/api/run.ts';
import { errorMessage, type SliceCreator } from './studio-store.ts';

export type Direction = 'upgrade' | 'downgrade';

export interface StatementLine {
  readonly revision: string;
  readonly index: number;
  readonly line: number;
  readonly sql: string;
  readonly durationMs: number | null;
}

export interface RunFailure {
  readonly message: string;
  /** The database's own words when a statement failed. */
  readonly reason: string | null;
  readonly cancelled: boolean;
  readonly revision: string | null;
  readonly file: string | null;
  readonly line: number | null;
  readonly statement: string | null;
  readonly rolledBack: boolean;
  readonly rows: readonly string[];
  readonly leftovers: readonly { readonly kind: string; readonly relation: string; readonly table: string; readonly reason: string; readonly cleanup: readonly string[] }[];
  /** Revisions cut off half way that kept this run from starting. */
  readonly interrupted: readonly InterruptedRunInfo[];
}

export type ResolveAction = 'mark-applied' | 'rollback' | 'rerun';

/** A way out of an interrupted revision, being taken or refused. */
export type ResolutionView = { readonly state: 'running'; readonly revision: string; readonly action: ResolveAction } | { readonly state: 'error'; readonly revision: string; readonly action: ResolveAction; readonly message: string };

/** Sizes and lock-hold estimates of the plan's relations, from a live PostgreSQL. */
export type ImpactView =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly method: string; readonly byRevision: Readonly<Record<string, readonly RelationImpactInfo[]>> }
  | { readonly state: 'error'; readonly message: string };

/** The plan rehearsed: run in one transaction, rolled back, the locks PostgreSQL took. */
export type RehearsalView = { readonly state: 'running' } | { readonly state: 'ready'; readonly result: RehearsalInfo } | { readonly state: 'error'; readonly message: string };

/** Upgrade steps whose relations are sized at once; a longer plan is sized up to here. */
const IMPACT_STEPS = 100;

export interface RunView {
  readonly connectionId: string;
  readonly direction: Direction;
  readonly target: string;
  readonly phase: 'planning' | 'planned' | 'starting' | 'running' | 'done' | 'failed';
  readonly runId: string | null;
  readonly steps: readonly PlanStepInfo[];
  readonly done: readonly string[];
  readonly current: string | null;
  readonly statements: readonly StatementLine[];
  readonly failure: RunFailure | null;
  readonly error: string | null;
  readonly durationMs: number | null;
  /** null: not asked (a SQLite connection, or a downgrade). */
  readonly impact: ImpactView | null;
  readonly rehearsal: RehearsalView | null;
}

export interface RunSlice {
  readonly run: RunView | null;
  readonly resolution: ResolutionView | null;
  /** Takes a way out of an interrupted revision on the active connection, then plans again. */
  resolveInterrupted(revision: string, action: ResolveAction, confirmDatabaseName?: string): Promise<void>;
  preview(direction: Direction, target: string): Promise<void>;
  start(options?: { maxSteps?: number; confirmDatabaseName?: string; singleTransaction?: boolean }): Promise<void>;
  cancel(): Promise<void>;
  /** Runs the plan in one rolled-back transaction on PostgreSQL and keeps the observed locks. */
  rehearse(confirmDatabaseName?: string): Promise<void>;
  closeRun(): void;
  onRunEvent(message: RunEventMessage): void;
}

const MAX_STATEMENTS = 5000;

export const createRunSlice: SliceCreator<RunSlice> = (set, get) => {
  const update = (patch: Partial<RunView>): void => {
    const run = get().run;
    if (run) set({ run: { ...run, ...patch } });
  };
  return {
    run: null,
    resolution: null,
    async resolveInterrupted(revision, action, confirmDatabaseName) {
      const connectionId = get().activeConnectionId;
      if (!connectionId || get().resolution?.state === 'running') return;
      set({ resolution: { state: 'running', revision, action } });
      try {
        await get().client.call('run.resolve', { connectionId, revision, action, ...(confirmDatabaseName !== undefined ? { confirmDatabaseName } : {}) });
        set({ resolution: null });
      } catch (error) {
        set({ resolution: { state: 'error', revision, action, message: errorMessage(error) } });
      }
      await get().refreshStatus(connectionId);
      const run = get().run;
      if (run && run.connectionId === connectionId && (run.phase === 'planned' || run.phase === 'failed')) await get().preview(run.direction, run.target);
    },
    async preview(direction, target) {
      const connectionId = get().activeConnectionId;
      if (!connectionId) return;
      set({ run: { connectionId, direction, target, phase: 'planning', runId: null, steps: [], done: [], current: null, statements: [], failure: null, error: null, durationMs: null, impact: null, rehearsal: null } });
      let steps: readonly PlanStepInfo[];
      try {
        steps = (await get().client.call('run.plan', { connectionId, direction, target })).steps;
        update({ phase: 'planned', steps });
      } catch (error) {
        update({ phase: 'failed', error: errorMessage(error) });
        return;
      }
      const postgres = get().connections.find((c) => c.id === connectionId)?.settings.kind === 'postgres';
      const revisions = steps.filter((st) => st.direction === 'upgrade').slice(0, IMPACT_STEPS).map((st) => st.revision);
      if (!postgres || revisions.length === 0) return;
      const mine = get().run;
      const current = (): boolean => get().run?.connectionId === mine?.connectionId && get().run?.target === mine?.target && get().run?.direction === mine?.direction;
      update({ impact: { state: 'loading' } });
      try {
        const impact = await get().client.call('lint.impact', { connectionId, revisions });
        if (current()) update({ impact: { state: 'ready', method: impact.method, byRevision: Object.fromEntries(impact.revisions.map((r) => [r.revision, r.relations])) } });
      } catch (error) {
        if (current()) update({ impact: { state: 'error', message: errorMessage(error) } });
      }
    },
    async rehearse(confirmDatabaseName) {
      const run = get().run;
      if (!run || run.phase !== 'planned' || run.direction !== 'upgrade') return;
      update({ rehearsal: { state: 'running' } });
      try {
        const result = await get().client.call('run.rehearse', { connectionId: run.connectionId, target: run.target, ...(confirmDatabaseName !== undefined ? { confirmDatabaseName } : {}) });
        if (get().run?.target === run.target && get().run?.connectionId === run.connectionId) update({ rehearsal: { state: 'ready', result } });
      } catch (error) {
        update({ rehearsal: { state: 'error', message: errorMessage(error) } });
      }
    },
    async start(options = {}) {
      const run = get().run;
      if (!run || (run.phase !== 'planned' && run.phase !== 'done')) return;
      update({ phase: 'starting', done: [], statements: [], failure: null, error: null, current: null });
      try {
        const { runId } = await get().client.call('run.start', {
          connectionId: run.connectionId,
          direction: run.direction,
          target: run.target,
          singleTransaction: options.singleTransaction ?? false,
          ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
          ...(options.confirmDatabaseName !== undefined ? { confirmDatabaseName: options.confirmDatabaseName } : {}),
        });
        const now = get().run;
        // Events may have arrived before the reply: keep what they set.
        if (now) set({ run: { ...now, runId, phase: now.phase === 'starting' ? 'running' : now.phase } });
      } catch (error) {
        update({ phase: 'failed', error: errorMessage(error) });
      }
    },
    async cancel() {
      const run = get().run;
      if (run?.runId) await get().client.call('run.cancel', { runId: run.runId });
    },
    closeRun() {
      set({ run: null });
    },
    onRunEvent({ runId, connectionId, event }) {
      const run = get().run;
      if (!run || run.connectionId !== connectionId || (run.runId !== null && run.runId !== runId)) return;
      switch (event.type) {
        case 'plan':
          update({ runId, phase: 'running', steps: event.steps });
          break;
        case 'step-start':
          update({ runId, current: event.revision });
          break;
        case 'statement-start':
          update({ statements: [...run.statements, { revision: event.revision, index: event.index, line: event.line, sql: event.sql, durationMs: null }].slice(-MAX_STATEMENTS) });
          break;
        case 'statement-end': {
          const statements = run.statements.map((s) => (s.revision === event.revision && s.index === event.index && s.durationMs === null ? { ...s, durationMs: event.durationMs } : s));
          update({ statements });
          break;
        }
        case 'step-end':
          update({ done: [...run.done, event.revision], current: null });
          break;
        case 'done':
          update({ phase: 'done', durationMs: event.durationMs, current: null });
          void get().loadProject();
          break;
        case 'failed':
          update({ phase: 'failed', failure: event, current: null });
          break;
        case 'lock-wait':
          break;
      }
    },
  };
};

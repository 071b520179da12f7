// The run console's state: the plan shown before anything runs, then the streamed run, and a
// way out of an interrupted revision being taken. One store per window, created here and
// provided by the app; commands.ts changes it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PlanStepInfo } from '../../../shared/api/common.ts';
import type { RelationImpactInfo } from '../../../shared/api/lint.ts';
import type { InterruptedRunInfo, RehearsalInfo } from '../../../shared/api/run.ts';
import { featureStoreAccess } from '../../store/feature-store.ts';
import type { LastRun } from './last-run.ts';

export type Direction = 'upgrade' | 'downgrade';

export interface StatementLine {
  readonly revision: string;
  readonly index: number;
  readonly line: number;
  readonly sql: string;
  readonly durationMs: number | null;
}

/** A line the run's tool printed (alembic, in an Alembic project), or strata's note on it. */
export interface OutputLine {
  readonly stream: 'stdout' | 'stderr' | 'note';
  readonly line: string;
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
  readonly leftovers: readonly {
    readonly kind: string;
    readonly relation: string;
    readonly table: string;
    readonly reason: string;
    readonly cleanup: readonly string[];
  }[];
  /** Revisions cut off half way that kept this run from starting. */
  readonly interrupted: readonly InterruptedRunInfo[];
}

export type ResolveAction = 'mark-applied' | 'rollback' | 'rerun';

/** A way out of an interrupted revision, being taken or refused. */
export type ResolutionView =
  | { readonly state: 'running'; readonly revision: string; readonly action: ResolveAction }
  | { readonly state: 'error'; readonly revision: string; readonly action: ResolveAction; readonly message: string };

/** Sizes and lock-hold estimates of the plan's relations, from a live PostgreSQL. */
export type ImpactView =
  | { readonly state: 'loading' }
  | {
      readonly state: 'ready';
      readonly method: string;
      readonly byRevision: Readonly<Record<string, readonly RelationImpactInfo[]>>;
    }
  | { readonly state: 'error'; readonly message: string };

/** The plan rehearsed: run in one transaction, rolled back, the locks PostgreSQL took. */
export type RehearsalView =
  | { readonly state: 'running' }
  | { readonly state: 'ready'; readonly result: RehearsalInfo }
  | { readonly state: 'error'; readonly message: string };

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
  /** What alembic printed, line by line (an Alembic project's run); empty for a native run. */
  readonly output: readonly OutputLine[];
  readonly failure: RunFailure | null;
  readonly error: string | null;
  readonly durationMs: number | null;
  /** null: not asked (a SQLite connection, or a downgrade). */
  readonly impact: ImpactView | null;
  readonly rehearsal: RehearsalView | null;
}

/** The connection's last run, read back from its history table (shown when no run is). */
export type LastRunView =
  | { readonly connectionId: string; readonly state: 'loading' }
  | { readonly connectionId: string; readonly state: 'ready'; readonly run: LastRun | null }
  | { readonly connectionId: string; readonly state: 'error'; readonly message: string };

export interface RunState {
  readonly run: RunView | null;
  readonly resolution: ResolutionView | null;
  readonly lastRun: LastRunView | null;
}

export type RunStore = StoreApi<RunState>;

export function createRunStore(): RunStore {
  return createStore<RunState>()(() => ({ run: null, resolution: null, lastRun: null }));
}

const access = featureStoreAccess<RunState>('run');
export const RunStoreContext = access.Context;
export const useRunStore = access.useStoreApi;
export const useRun = access.useSelect;

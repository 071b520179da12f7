// A run of an Alembic project for the studio: alembic itself upgrades, downgrades or stamps
// (it alone writes alembic_version), with strata's guard rails around it and its progress as
// the contract's run events. Before: the plan, from the alembic_version rows (read only).
// During: each line alembic prints, as it comes; its "Running upgrade A -> B" log lines mark
// the step it is on. After, whatever happened (done, failed, cancelled): alembic_version read
// again, and the steps it shows done reported — never written by strata.
import { performance } from 'node:perf_hooks';
import type { RunEventInfo } from '../../../shared/api/run.ts';
import type { Direction, PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import { AlembicCommandError } from '../alembic/command.ts';
import { alembicEnvFor } from '../alembic/database-env.ts';
import type { Project } from '../project/project.ts';
import { runAlembicGuarded } from './alembic.ts';
import { type Database } from './database.ts';
import { InvalidRequestError } from './errors.ts';
import { appliedFromRows } from '../graph/plan.ts';
import { planAgainstDatabase, stepDetails } from './plan.ts';
import { readRowsWithoutProject } from './state.ts';

export interface AlembicRunRequest {
  readonly command: Direction | 'stamp';
  /** The target as alembic takes it (head, heads, base, an id, label@head, +1…). */
  readonly target: string;
  /** Only the first step of the plan (upgrade only: alembic names no single step down in a branched graph). */
  readonly maxSteps?: number | undefined;
  readonly lockTimeout?: string | undefined;
  readonly retries?: number | undefined;
  readonly retryDelayMs?: number | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent: (event: RunEventInfo) => void;
}

const RUNNING = /Running (upgrade|downgrade) (.*?) -> (.*)$/;

/** Splits streamed chunks into whole lines, per stream; `flush` gives the unterminated rest. */
class Lines {
  private readonly rest = { stdout: '', stderr: '' };
  constructor(private readonly emit: (line: string, stream: 'stdout' | 'stderr') => void) {}
  push(chunk: string, stream: 'stdout' | 'stderr'): void {
    const parts = (this.rest[stream] + chunk).split(/\r?\n/);
    this.rest[stream] = parts.pop() ?? '';
    for (const line of parts) this.emit(line, stream);
  }
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const)
      if (this.rest[stream] !== '') this.emit(this.rest[stream], stream);
    this.rest.stdout = this.rest.stderr = '';
  }
}

/** The revision an alembic "Running …" log line is about: the one reached going up, the one left going down. */
function runningRevision(line: string): { direction: Direction; revision: string } | undefined {
  const m = RUNNING.exec(line);
  if (!m) return undefined;
  const direction = m[1] as Direction;
  const side = (direction === 'upgrade' ? m[3] : m[2]) as string;
  const revision = side.split(',')[0]?.trim();
  return revision ? { direction, revision } : undefined;
}

function argsOf(request: AlembicRunRequest, steps: readonly PlanStep[]): string[] {
  if (request.maxSteps === undefined || request.command === 'stamp') return [request.command, request.target];
  if (request.command === 'downgrade')
    throw new InvalidRequestError(
      'stepping a downgrade is not passed to alembic: it takes a target, and in a branched history no target ' +
        'names one step down; pick the revision to go down to on the graph',
    );
  // The first step's parents and dependencies are applied (the plan is in order): upgrading to it runs it alone.
  const first = steps[0];
  return first ? ['upgrade', first.revision] : [request.command, request.target];
}

/** Runs alembic on `db` and reports it through `onEvent`; resolves when the outcome (done or failed) is told. */
export async function runAlembicProject(db: Database, project: Project, request: AlembicRunRequest): Promise<void> {
  const alembic = project.alembic;
  if (!alembic) throw new Error('internal: runAlembicProject on a native project');
  if (request.retries !== undefined && request.lockTimeout === undefined)
    throw new InvalidRequestError('retries need a lock timeout: how long a statement may wait for its lock');
  const env = alembicEnvFor(alembic, db.target, request.env ?? process.env);
  const direction: Direction = request.command === 'downgrade' ? 'downgrade' : 'upgrade';
  const { map } = project;
  const before =
    request.command === 'stamp'
      ? { rows: (await readRowsWithoutProject(db, project)).rows, steps: [] }
      : await planAgainstDatabase(db, project, direction, request.target);
  const steps = request.maxSteps === undefined ? before.steps : before.steps.slice(0, request.maxSteps);
  const args = argsOf(request, steps);
  const emit = request.onEvent;
  emit({ type: 'plan', steps: stepDetails(map, steps), rows: [...before.rows] });
  const note = (line: string): void => emit({ type: 'output', stream: 'note', line });
  note(`alembic ${args.join(' ')}  (in ${project.dir})`);

  const t0 = performance.now();
  const started = new Map<string, number>();
  let current: string | undefined;
  const lines = new Lines((line, stream) => {
    emit({ type: 'output', stream, line });
    const running = runningRevision(line);
    if (!running || !map.has(running.revision)) return;
    current = running.revision;
    started.set(running.revision, performance.now());
    const index = steps.findIndex((s) => s.revision === running.revision);
    emit({
      type: 'step-start',
      index: index < 0 ? started.size - 1 : index,
      total: steps.length,
      revision: map.get(running.revision as RevisionId).id,
      direction: running.direction,
      message: map.get(running.revision as RevisionId).message,
    });
  });
  let failure: unknown;
  try {
    await runAlembicGuarded(project, args, {
      env,
      ...(request.signal ? { signal: request.signal } : {}),
      lockTimeout: request.lockTimeout,
      retries: request.retries,
      ...(request.retryDelayMs !== undefined ? { retryDelayMs: request.retryDelayMs } : {}),
      onNotApplied: (why) => note(`warning: ${why}`),
      onRetry: (attempt, delayMs) =>
        note(
          `a statement gave up waiting for its lock (lock_timeout ${request.lockTimeout}); alembic rolled it back: ` +
            `retry ${attempt} of ${request.retries} in ${delayMs} ms`,
        ),
      onOutput: (chunk, stream) => lines.push(chunk, stream),
    });
  } catch (error) {
    failure = error;
  }
  lines.flush();
  const ended = performance.now();
  await report(db, project, { request, steps, before: before.rows, current, started, t0, ended, failure });
}

interface Outcome {
  readonly request: AlembicRunRequest;
  readonly steps: readonly PlanStep[];
  readonly before: readonly string[];
  readonly current: string | undefined;
  readonly started: ReadonlyMap<string, number>;
  readonly t0: number;
  readonly ended: number;
  readonly failure: unknown;
}

/** What alembic_version says now, and the steps of the plan it shows done: the run's outcome, told once. */
async function report(db: Database, project: Project, o: Outcome): Promise<void> {
  const emit = o.request.onEvent;
  let rows: string[] = [...o.before];
  let unread: string | undefined;
  let applied: ReadonlySet<RevisionId> | undefined;
  try {
    rows = (await readRowsWithoutProject(db, project)).rows;
    applied = appliedFromRows(project.map, rows);
  } catch (error) {
    unread = error instanceof Error ? error.message : String(error);
  }
  const done = applied
    ? o.steps.filter((s) => (s.direction === 'upgrade') === applied.has(s.revision as RevisionId))
    : [];
  const starts = o.steps.map((s) => o.started.get(s.revision));
  done.forEach((s) => {
    const i = o.steps.indexOf(s);
    const from = starts[i] ?? o.t0;
    const to = starts.slice(i + 1).find((t) => t !== undefined) ?? o.ended;
    emit({
      type: 'step-end',
      index: i,
      total: o.steps.length,
      revision: s.revision,
      direction: s.direction,
      durationMs: Math.max(0, to - from),
      outcome: 'applied',
    });
  });
  const now = unread === undefined ? `alembic_version now: ${rows.length === 0 ? 'empty' : rows.join(', ')}` : '';
  if (o.failure === undefined) {
    emit({ type: 'output', stream: 'note', line: now });
    emit({ type: 'done', applied: done.length, skipped: 0, durationMs: o.ended - o.t0, rows });
    return;
  }
  const error = o.failure;
  const cancelled = error instanceof AlembicCommandError && error.reason === 'cancelled';
  const message =
    (error instanceof Error ? error.message : String(error)) +
    (unread === undefined
      ? `; ${now} (${done.length} of ${o.steps.length} step${o.steps.length === 1 ? '' : 's'} done)`
      : `; alembic_version could not be read afterwards: ${unread}`);
  const revision = o.current !== undefined && project.map.has(o.current) ? (o.current as RevisionId) : null;
  emit({
    type: 'failed',
    message,
    reason: null,
    cancelled,
    revision,
    file: revision ? project.map.get(revision).file : null,
    line: null,
    statement: null,
    // alembic_version does not have the revision alembic was on: its transaction did not commit.
    rolledBack: revision === null || !done.some((s) => s.revision === revision),
    rows,
    leftovers: [],
    interrupted: [],
  });
}

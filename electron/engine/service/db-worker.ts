// A database worker: every database operation of the studio runs here, off the main thread,
// because better-sqlite3 is synchronous and a long statement would freeze the window.
import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { Connection } from '../dialects/dialect.ts';
import { HISTORY_TABLE } from '../dialects/dialect.ts';
import { PostgresConnection } from '../dialects/postgres/postgres-driver.ts';
import { connect, notCreatedYet, type DatabaseTarget } from '../dialects/registry.ts';
import { readHistory, readVersionRows } from '../dialects/strata-tables.ts';
import { appliedFromRows, planDowngrade, planUpgrade } from '../graph/plan.ts';
import { loadProject, type Project } from '../project/project.ts';
import { InterruptedRunError, RunCancelledError, StatementFailedError } from '../runner/errors.ts';
import { findInterrupted, holderInfo, interruptedInfo } from '../runner/interrupted/report.ts';
import { resolveInterrupted } from '../runner/interrupted/resolve.ts';
import { runMigration } from '../runner/runner.ts';
import { findConcurrentLeftovers } from '../runner/guarded.ts';
import { liveImpact } from '../lint/live/live-impact.ts';
import { rehearse } from '../rehearsal/rehearse.ts';
import { ApiFailure } from '../../../shared/api/errors.ts';
import { engineErrorToApi } from './errors-to-api.ts';
import { resolveSslPrefer } from './ssl-prefer.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';
import { asRevisionId } from '../../../shared/model/revision.ts';

const port = parentPort;
if (!port) throw new Error('db-worker must run in a worker thread');

const CONNECT_TIMEOUT_MS = 3_000;
const runs = new Map<string, AbortController>();

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

async function open(target: DatabaseTarget): Promise<Connection> {
  return target.dialect === 'postgres' ? PostgresConnection.connect(target.url, CONNECT_TIMEOUT_MS) : connect(target);
}

async function withConnection<T>(target: DatabaseTarget, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await open(target);
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

/** Like withConnection, but a SQLite file not created yet is passed as undefined, not created. */
async function withExisting<T>(target: DatabaseTarget, work: (conn: Connection | undefined) => Promise<T>): Promise<T> {
  return notCreatedYet(target) ? work(undefined) : withConnection(target, work);
}

/** A SQLite file not created yet: its folder decides whether the first run can create it. */
async function testWithoutCreating(path: string, t0: number): Promise<unknown> {
  const folder = dirname(path);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return { ok: false, serverVersion: null, error: `${path} does not exist and its folder ${folder} cannot be written to`, ms: performance.now() - t0, tls: null };
  }
  const conn = await connect({ dialect: 'sqlite', path: ':memory:' });
  try {
    const rows = await conn.query<{ v: string }>('SELECT sqlite_version() AS v');
    return { ok: true, serverVersion: `${rows[0]?.v ?? ''}; no database file yet, the first run creates it`, error: null, ms: performance.now() - t0, tls: null };
  } finally {
    await conn.close();
  }
}

function postgresOnly(target: DatabaseTarget, what: string): { url: string } {
  if (target.dialect !== 'postgres') throw new ApiFailure('unsupported', `${what} need${what.startsWith('a ') ? 's' : ''} a PostgreSQL connection; this one is SQLite`);
  return { url: target.url };
}

function tables(project: Project): { version: string; history: string } {
  return { version: project.config.versionTable, history: HISTORY_TABLE };
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'test': {
      const t0 = performance.now();
      if (request.target.dialect === 'sqlite' && notCreatedYet(request.target)) return testWithoutCreating(request.target.path, t0);
      try {
        const { target, tls } = await resolveSslPrefer(request.target, CONNECT_TIMEOUT_MS);
        const version = await withConnection(target, async (conn) => {
          const rows = await conn.query<{ v: string }>(conn.sql.name === 'postgres' ? 'SHOW server_version' : 'SELECT sqlite_version() AS v');
          const first = rows[0] as Record<string, unknown> | undefined;
          return String(first?.server_version ?? first?.v ?? '');
        });
        return { ok: true, serverVersion: version, error: null, ms: performance.now() - t0, tls };
      } catch (error) {
        return { ok: false, serverVersion: null, error: error instanceof Error ? error.message : String(error), ms: performance.now() - t0, tls: null };
      }
    }
    case 'status': {
      const project = loadProject(request.projectDir);
      if (notCreatedYet(request.target)) return { rows: [], applied: [], unknownRows: [], interrupted: [], exists: false };
      const { rows, interrupted } = await withConnection(request.target, async (conn) => ({
        rows: await readVersionRows(conn, tables(project)),
        interrupted: (await findInterrupted(conn, project.map, tables(project))).map(interruptedInfo),
      }));
      const unknownRows = rows.filter((r) => !project.map.has(r));
      const applied = unknownRows.length > 0 ? [] : [...appliedFromRows(project.map, rows)];
      return { rows, applied, unknownRows, interrupted, exists: true };
    }
    case 'history': {
      const project = loadProject(request.projectDir);
      if (notCreatedYet(request.target)) return [];
      const rows = await withConnection(request.target, (conn) => readHistory(conn, tables(project), request.revision));
      return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() }));
    }
    case 'plan': {
      const project = loadProject(request.projectDir);
      const versionRows = (conn: Connection | undefined): Promise<string[]> => (conn ? readVersionRows(conn, tables(project)) : Promise.resolve([]));
      return withExisting(request.target, async (conn) => {
        const rows = await versionRows(conn);
        const applied = appliedFromRows(project.map, rows);
        const steps = request.direction === 'upgrade' ? planUpgrade(project.map, applied, request.spec) : planDowngrade(project.map, applied, request.spec);
        return { rows, steps: steps.map((s) => ({ ...s, message: project.map.get(s.revision).message, transactional: project.map.get(s.revision).transactional })) };
      });
    }
    case 'run':
      return startRun(request);
    case 'resolve': {
      const project = loadProject(request.projectDir);
      const result = await withConnection(request.target, (conn) => resolveInterrupted(conn, project.map, tables(project), asRevisionId(request.revision), request.action));
      return { action: result.action, ran: [...result.ran], rows: [...result.rows] };
    }
    case 'impact': {
      const { url } = postgresOnly(request.target, 'sizes and lock-hold estimates');
      // One throughput measurement for the whole plan, then each revision's relations.
      const first = await liveImpact(url, request.revisions[0]?.statements ?? []);
      const revisions = [{ revision: request.revisions[0]?.revision, relations: first.relations }];
      for (const r of request.revisions.slice(1)) revisions.push({ revision: r.revision, relations: (await liveImpact(url, r.statements, { throughput: first.throughput })).relations });
      return { method: first.throughput.method, revisions };
    }
    case 'rehearse': {
      const { url } = postgresOnly(request.target, 'a rehearsal');
      const project = loadProject(request.projectDir);
      const rows = await withConnection(request.target, (conn) => readVersionRows(conn, tables(project)));
      const steps = planUpgrade(project.map, appliedFromRows(project.map, rows), request.spec);
      const result = await rehearse(url, project.map, steps);
      return {
        serverVersion: result.serverVersion,
        steps: steps.map((s) => ({ ...s, message: project.map.get(s.revision).message, transactional: project.map.get(s.revision).transactional })),
        statements: result.statements.map((st) => ({
          revision: st.revision,
          line: st.line,
          sql: st.sql,
          kind: st.kind,
          status: st.status,
          ...(st.reason !== undefined ? { reason: st.reason } : {}),
          durationMs: st.durationMs,
          predicted: st.predicted,
          observed: st.observed ? { locks: st.observed.locks, rewrites: st.observed.rewrites, alreadyHeld: st.observed.alreadyHeld } : null,
          differences: st.differences,
        })),
        analyzerBugs: result.analyzerBugs.length,
        notRehearsable: result.notRehearsable,
        failed: result.failed,
      };
    }
    case 'cancel': {
      const controller = runs.get(request.runId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    }
  }
}

/** Starts the run and replies at once; progress and the outcome arrive as run events. */
async function startRun(request: Extract<WorkerRequest, { op: 'run' }>): Promise<{ runId: string }> {
  const project = loadProject(request.projectDir);
  const conn = await open(request.target);
  const controller = new AbortController();
  runs.set(request.runId, controller);
  const emit = (event: unknown): void => post({ kind: 'run-event', runId: request.runId, event });
  const { map } = project;
  void (async () => {
    try {
      await runMigration(conn, map, tables(project), {
        plan: (applied) => {
          const steps = request.direction === 'upgrade' ? planUpgrade(map, applied, request.spec) : planDowngrade(map, applied, request.spec);
          return request.maxSteps === undefined ? steps : steps.slice(0, request.maxSteps);
        },
        singleTransaction: request.singleTransaction,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'plan') {
            emit({ ...event, steps: event.steps.map((s) => ({ ...s, message: map.get(s.revision).message, transactional: map.get(s.revision).transactional })) });
          } else if (event.type === 'lock-wait' && event.holder) emit({ ...event, holder: holderInfo(event.holder) });
          else emit(event);
        },
      });
    } catch (error) {
      const api = engineErrorToApi(error);
      const failed = error instanceof StatementFailedError ? error : undefined;
      // A failed or cancelled CONCURRENTLY command leaves objects behind: name them.
      const leftovers = conn.sql.name === 'postgres' ? await findConcurrentLeftovers(conn).catch(() => []) : [];
      emit({
        type: 'failed',
        message: api.message,
        reason: failed?.reason ?? null,
        cancelled: error instanceof RunCancelledError,
        revision: failed?.revision ?? (error instanceof RunCancelledError ? (error.revision ?? null) : null),
        file: failed?.file ?? null,
        line: failed?.line ?? null,
        statement: failed?.statement ?? null,
        rolledBack: failed ? failed.rolledBack : true,
        rows: failed ? [...failed.rows] : error instanceof RunCancelledError ? [...(error.rows ?? [])] : [],
        leftovers,
        interrupted: error instanceof InterruptedRunError ? error.runs.map(interruptedInfo) : [],
      });
    } finally {
      runs.delete(request.runId);
      await conn.close();
    }
  })();
  return { runId: request.runId };
}

/** SSL mode prefer decided once per request, so that all its sessions agree (ssl-prefer.ts); 'test' decides inside its own try. */
async function withSslDecided(request: WorkerRequest): Promise<WorkerRequest> {
  if (request.op === 'test' || request.op === 'cancel') return request;
  return { ...request, target: (await resolveSslPrefer(request.target, CONNECT_TIMEOUT_MS)).target };
}

port.on('message', (request: WorkerRequest) => {
  withSslDecided(request).then(handle).then(
    (value) => post({ kind: 'reply', id: request.id, ok: true, value }),
    (error: unknown) => post({ kind: 'reply', id: request.id, ok: false, error: engineErrorToApi(error) }),
  );
});

// A database worker: every database operation of the studio runs here, off the main thread,
// because better-sqlite3 is synchronous and a long statement would freeze the window. Each
// operation is a use case (engine/usecases, which the CLI calls too), its reply the contract's.
import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { ApiFailure } from '../../../shared/api/error-codes.ts';
import { asRevisionId } from '../../../shared/model/revision.ts';
import type { Connection } from '../dialects/dialect.ts';
import { PostgresConnection } from '../dialects/postgres/postgres-driver.ts';
import { connect, notCreatedYet, type DatabaseTarget } from '../dialects/registry.ts';
import { withConnection, type Database } from '../usecases/database.ts';
import { engineErrorToApi } from '../usecases/errors.ts';
import { impactByRevision } from '../usecases/lint.ts';
import { planAgainstDatabase, stepDetails } from '../usecases/plan.ts';
import { openProject } from '../usecases/project.ts';
import { rehearsalInfo, rehearseUpgrade } from '../usecases/rehearse.ts';
import { resolveRun } from '../usecases/resolve.ts';
import { runEventInfo, runToTarget } from '../usecases/run.ts';
import { interruptedInfo, readDatabaseState, readRunHistory } from '../usecases/state.ts';
import { resolveSslPrefer } from './ssl-prefer.ts';
import type { DatabaseOps, RequestOf, RunEventMessage, WorkerMessage, WorkerRequest } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('db-worker must run in a worker thread');

const CONNECT_TIMEOUT_MS = 3_000;
const runs = new Map<string, AbortController>();

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

/** The studio gives up on a PostgreSQL server that does not answer sooner than the CLI. */
function databaseOf(target: DatabaseTarget): Database {
  return { target, open: (): Promise<Connection> => (target.dialect === 'postgres' ? PostgresConnection.connect(target.url, CONNECT_TIMEOUT_MS) : connect(target)) };
}

function projectAt(dir: string): ReturnType<typeof openProject> {
  return openProject({ dir, cwd: dir });
}

/** A SQLite file not created yet: its folder decides whether the first run can create it. */
async function testWithoutCreating(path: string, t0: number): Promise<DatabaseOps['test']['reply']> {
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

type Handler<K extends keyof DatabaseOps & string> = (request: RequestOf<DatabaseOps, K>) => Promise<DatabaseOps[K]['reply']>;

const operations: { readonly [K in keyof DatabaseOps & string]: Handler<K> } = {
  test: async (request) => {
    const t0 = performance.now();
    if (request.target.dialect === 'sqlite' && notCreatedYet(request.target)) return testWithoutCreating(request.target.path, t0);
    try {
      const { target, tls } = await resolveSslPrefer(request.target, CONNECT_TIMEOUT_MS);
      const version = await withConnection(databaseOf(target), async (conn) => {
        const rows = await conn.query<{ v: string }>(conn.sql.name === 'postgres' ? 'SHOW server_version' : 'SELECT sqlite_version() AS v');
        const first = rows[0] as Record<string, unknown> | undefined;
        return String(first?.server_version ?? first?.v ?? '');
      });
      return { ok: true, serverVersion: version, error: null, ms: performance.now() - t0, tls };
    } catch (error) {
      return { ok: false, serverVersion: null, error: error instanceof Error ? error.message : String(error), ms: performance.now() - t0, tls: null };
    }
  },
  status: async (request) => {
    const project = projectAt(request.projectDir);
    const state = await readDatabaseState(databaseOf(request.target), project);
    if (!state.exists) return { rows: [], applied: [], unknownRows: [], interrupted: [], exists: false };
    return { rows: state.rows, applied: [...state.applied], unknownRows: state.unknownRows, interrupted: state.interrupted.map(interruptedInfo), exists: true };
  },
  history: async (request) => {
    const project = projectAt(request.projectDir);
    const rows = await readRunHistory(databaseOf(request.target), project, request.revision);
    return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() }));
  },
  plan: async (request) => {
    const project = projectAt(request.projectDir);
    const plan = await planAgainstDatabase(databaseOf(request.target), project, request.direction, request.spec);
    return { rows: plan.rows, steps: stepDetails(project.map, plan.steps) };
  },
  run: (request) => startRun(request),
  resolve: async (request) => {
    const project = projectAt(request.projectDir);
    const result = await resolveRun(databaseOf(request.target), project, asRevisionId(request.revision), request.action);
    return { action: result.action, ran: [...result.ran], rows: [...result.rows] };
  },
  impact: async (request) => {
    const { url } = postgresOnly(request.target, 'sizes and lock-hold estimates');
    return impactByRevision(url, request.revisions);
  },
  rehearse: async (request) => {
    const { url } = postgresOnly(request.target, 'a rehearsal');
    const project = projectAt(request.projectDir);
    return rehearsalInfo(project, await rehearseUpgrade(databaseOf(request.target), url, project, request.spec));
  },
  cancel: async (request) => {
    const controller = runs.get(request.runId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  },
};

/** Starts the run and replies at once; progress and the outcome arrive as run events. */
async function startRun(request: RequestOf<DatabaseOps, 'run'>): Promise<DatabaseOps['run']['reply']> {
  const project = projectAt(request.projectDir);
  const conn = await databaseOf(request.target).open();
  const controller = new AbortController();
  runs.set(request.runId, controller);
  const emit = (event: RunEventMessage['event']): void => post({ kind: 'run-event', runId: request.runId, event });
  void (async () => {
    try {
      await runToTarget(conn, project, {
        direction: request.direction,
        target: request.spec,
        singleTransaction: request.singleTransaction,
        maxSteps: request.maxSteps,
        signal: controller.signal,
        onEvent: (event) => {
          const info = runEventInfo(project, event);
          if (info) emit(info);
        },
        onFailure: (failure) => emit({ type: 'failed', ...failure }),
      });
    } catch {
      // Told through the `failed` event (onFailure).
    } finally {
      runs.delete(request.runId);
      await conn.close();
    }
  })();
  return { runId: request.runId };
}

function handle(request: WorkerRequest): Promise<unknown> {
  return (operations[request.op] as (request: WorkerRequest) => Promise<unknown>)(request);
}

/** SSL mode prefer decided once per request, so that all its sessions agree (ssl-prefer.ts); 'test' decides inside its own try. */
async function withSslDecided(request: WorkerRequest): Promise<WorkerRequest> {
  if (request.op === 'test' || request.op === 'cancel') return request;
  return { ...request, target: (await resolveSslPrefer(request.target, CONNECT_TIMEOUT_MS)).target } as WorkerRequest;
}

port.on('message', (request: WorkerRequest) => {
  withSslDecided(request).then(handle).then(
    (value) => post({ kind: 'reply', id: request.id, ok: true, value }),
    (error: unknown) => post({ kind: 'reply', id: request.id, ok: false, error: engineErrorToApi(error) }),
  );
});

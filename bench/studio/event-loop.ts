// The bridge's event loop while a ~10 s SQLite migration runs: the bridge is started in this
// process (startBridge), the migration through its API (run.start), its end awaited on the
// WebSocket; node:perf_hooks monitorEventLoopDelay watches this process's loop, which is the
// bridge's, while project.graph is asked every 100 ms as a window would.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { startBridge } from '../../electron/bridge/server.ts';
import { eventsProtocols } from '../../shared/api/bridge.ts';
import { renderRevisionFile, slugify } from '../../electron/engine/project/revision-file.ts';
import { renderStrataConfig } from '../../electron/engine/project/strata-config.ts';
import { MemorySecretStore } from '../../electron/engine/service/secrets.ts';
import { asRevisionId, type RevisionId } from '../../shared/model/revision.ts';
import {
  api,
  budgetResult,
  Cleanup,
  failedResult,
  log,
  median,
  percentile,
  POLL_MS,
  poller,
  round,
  sleep,
  summary,
  type BenchResult,
} from './common.ts';

const TARGET_MS = 10_000;
const HEAVY = 5;
const LIGHT = 40;
const RESOLUTION_MS = 10;

const createBig =
  'CREATE TABLE big (\n    id INTEGER PRIMARY KEY,\n    rev INTEGER NOT NULL,\n' +
  '    a INTEGER NOT NULL,\n    b TEXT NOT NULL\n);\n';
/**
 * Walks `steps` numbers and inserts every fourth: seconds of synchronous SQLite work, a few hundred MB written in all.
 */
const insertBig = (rev: number, steps: number): string =>
  `INSERT INTO big (rev, a, b)\nWITH RECURSIVE n(x) ` +
  `AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${steps})\n` +
  `SELECT ${rev}, x, hex(randomblob(16)) FROM n WHERE x % 4 = 0;\n`;

/** Steps per millisecond of the heavy statement on this machine's temp folder (median of 3). */
function calibrate(dir: string): number {
  const db = new Database(join(dir, 'calibrate.sqlite'));
  try {
    db.pragma('foreign_keys = ON');
    db.exec(createBig);
    const steps = 1_000_000;
    db.exec(`BEGIN; ${insertBig(0, steps)} COMMIT;`);
    const rates: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const t0 = performance.now();
      db.exec(`BEGIN; ${insertBig(i, steps)} COMMIT;`);
      rates.push(steps / (performance.now() - t0));
    }
    return median(rates);
  } finally {
    db.close();
  }
}

/** A linear SQLite project: one table, then light revisions with a heavy INSERT every few. */
function writeProject(dir: string, stepsPerHeavy: number): { head: RevisionId; revisions: number } {
  mkdirSync(join(dir, 'versions'), { recursive: true });
  writeFileSync(
    join(dir, 'strata.json'),
    renderStrataConfig({ dialect: 'sqlite', versions: 'versions', versionTable: 'strata_version' }),
  );
  let parent: RevisionId | undefined;
  let n = 0;
  const add = (message: string, up: string, down: string): void => {
    const id = asRevisionId(`b${String(n).padStart(4, '0')}${'0'.repeat(7)}`);
    writeFileSync(
      join(dir, 'versions', `${id}_${slugify(message)}.sql`),
      renderRevisionFile({
        id,
        parents: parent ? [parent] : [],
        dependsOn: [],
        branchLabels: [],
        message,
        created: new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        transactional: true,
        upgradeSql: up,
        downgradeSql: down,
      }),
    );
    parent = id;
    n++;
  };
  add('create big', createBig, 'DROP TABLE big;\n');
  const lightPerGap = Math.ceil(LIGHT / HEAVY);
  for (let h = 1; h <= HEAVY; h++) {
    for (let i = 0; i < lightPerGap; i++) {
      const t = `small_${h}_${i}`;
      add(
        `create ${t}`,
        `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE INDEX ix_${t}_name ON ${t} (name);\n`,
        `DROP TABLE ${t};\n`,
      );
    }
    add(`fill big ${h}`, insertBig(h, stepsPerHeavy), `DELETE FROM big WHERE rev = ${h};\n`);
  }
  return { head: parent as RevisionId, revisions: n };
}

type RunEvent = {
  runId: string;
  connectionId: string;
  event: { type: string; durationMs?: number; rows?: string[]; message?: string };
};

export async function benchEventLoop(staticDir: string, cleanup: Cleanup): Promise<BenchResult[]> {
  const name = 'bridge event loop lag p99 while a ~10 s SQLite migration runs';
  const note =
    `startBridge() in the bench process (nothing else running in it: the browser is closed), ` +
    `a SQLite project of ${1 + LIGHT + HEAVY} revisions (${LIGHT} small CREATE TABLE + index, ` +
    `${HEAVY} INSERT … WITH RECURSIVE walking N numbers and inserting every fourth, ` +
    `N calibrated on this machine so the run takes ~10 s), a connection saved with connections.save, ` +
    `upgrade heads started with POST /api/run.start and its end awaited as a run.event 'done' ` +
    `on the WebSocket /events. monitorEventLoopDelay (resolution ${RESOLUTION_MS} ms) ` +
    `is enabled from just before run.start to 'done'; ` +
    `its samples are the intervals between timer wake-ups, ` +
    `so the lag is the percentile minus the ${RESOLUTION_MS} ms resolution (details.raw has the raw values). ` +
    `Meanwhile project.graph is asked every ${POLL_MS} ms, one request at a time, ` +
    `through HTTP on 127.0.0.1 (fetch from the same process), and its latency reported. ` +
    'details.idleBaseline is the same measure for 2 s before the run, with the same polling.';
  const root = cleanup.tempDir('strata-bench-eventloop-');
  try {
    const rate = calibrate(root);
    const stepsPerHeavy = Math.max(10_000, Math.round((rate * TARGET_MS) / HEAVY));
    log(
      `event loop: calibrated ${round(rate, 0)} steps/ms → ${stepsPerHeavy} steps (a quarter inserted) ` +
        `per heavy revision`,
    );
    const projectDir = join(root, 'project');
    const { head, revisions } = writeProject(projectDir, stepsPerHeavy);
    const configDir = join(root, 'config');
    mkdirSync(configDir);
    const bridge = await startBridge({ projectDir, configDir, secrets: new MemorySecretStore(), staticDir });
    cleanup.add(() => bridge.close());
    const conn = await api<{ id: string }>(bridge, 'connections.save', {
      name: 'bench',
      settings: { kind: 'sqlite', path: join(root, 'db.sqlite') },
      protected: false,
    });

    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, eventsProtocols(bridge.token));
    cleanup.add(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const events: RunEvent[] = [];
    let onEvent: ((e: RunEvent) => void) | undefined;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event: string; payload: unknown };
      if (message.event !== 'run.event') return;
      const e = message.payload as RunEvent;
      events.push(e);
      onEvent?.(e);
    });

    // Warm: the worker thread and its loader start on the first database request.
    const before = await api<{ reachable: boolean; rows: string[] }>(bridge, 'database.status', { id: conn.id });
    if (!before.reachable || before.rows.length !== 0)
      throw new Error(`fresh database not reachable or not empty: ${JSON.stringify(before)}`);
    for (let i = 0; i < 3; i++) await api(bridge, 'project.graph', {});

    const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const idlePoll = poller(bridge);
    idle.enable();
    await sleep(2000);
    idle.disable();
    const idleLatencies = await idlePoll.stop();

    const finished = new Promise<RunEvent>((resolve) => {
      onEvent = (e) => {
        if (e.connectionId === conn.id && (e.event.type === 'done' || e.event.type === 'failed')) resolve(e);
      };
    });
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const loadBefore = loadavg()[0] ?? 0;
    const elu0 = performance.eventLoopUtilization();
    h.enable();
    const t0 = performance.now();
    const poll = poller(bridge);
    const { runId } = await api<{ runId: string }>(bridge, 'run.start', {
      connectionId: conn.id,
      direction: 'upgrade',
      target: 'heads',
    });
    const startReplyMs = performance.now() - t0;
    let timer: NodeJS.Timeout | undefined;
    const end = await Promise.race([
      finished,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 120_000))),
    ]);
    clearTimeout(timer);
    const wallMs = performance.now() - t0;
    h.disable();
    const elu = performance.eventLoopUtilization(elu0);
    const loadAfter = loadavg()[0] ?? 0;
    const latencies = await poll.stop();
    if (!end) throw new Error('the migration did not end within 120 s');
    if (end.event.type !== 'done') throw new Error(`the migration failed: ${end.event.message ?? ''}`);
    if (end.runId !== runId) throw new Error('done event for another run');
    const rows = end.event.rows ?? [];
    if (rows.length !== 1 || rows[0] !== head)
      throw new Error(`database ended at ${rows.join(', ')}, expected ${head}`);
    const heavyStatements = events
      .filter((e) => e.event.type === 'statement-end' && (e.event.durationMs ?? 0) > 500)
      .map((e) => round(e.event.durationMs ?? 0, 0));

    const ms = (ns: number): number => ns / 1e6;
    const lag = (hist: typeof h, p: number): number => Math.max(0, ms(hist.percentile(p)) - RESOLUTION_MS);
    const value = lag(h, 99);
    const latency = summary(latencies);
    log(
      `event loop: run took ${round(end.event.durationMs ?? 0, 0)} ms; ` +
        `lag p50 ${round(lag(h, 50), 2)} p99 ${round(value, 2)} max ${round(ms(h.max) - RESOLUTION_MS, 1)} ms; ` +
        `project.graph p99 ${latency.p99} ms over ${latency.n} calls`,
    );
    return [
      budgetResult({
        name,
        value,
        unit: 'ms',
        limit: 50,
        budget: '≤ 50 ms',
        details: {
          lagMs: {
            p50: round(lag(h, 50), 2),
            p90: round(lag(h, 90), 2),
            p99: round(value, 2),
            max: round(ms(h.max) - RESOLUTION_MS, 2),
            samples: h.count,
          },
          raw: {
            resolutionMs: RESOLUTION_MS,
            p50: round(ms(h.percentile(50)), 2),
            p99: round(ms(h.percentile(99)), 2),
            max: round(ms(h.max), 2),
            mean: round(ms(h.mean), 2),
          },
          migration: {
            runDurationMs: round(end.event.durationMs ?? 0, 0),
            wallMs: round(wallMs, 0),
            runStartReplyMs: round(startReplyMs, 1),
            revisions,
            stepsPerHeavyRevision: stepsPerHeavy,
            rowsInserted: Math.floor(stepsPerHeavy / 4) * HEAVY,
            databaseMB: round(statSync(join(root, 'db.sqlite')).size / 2 ** 20, 0),
            heavyStatementMs: heavyStatements,
            runEvents: events.length,
          },
          projectGraphLatencyMs: { ...latency, p90: round(percentile(latencies, 90)) },
          mainThreadBusy: {
            eventLoopUtilization: round(elu.utilization, 3),
            activeMs: round(elu.active, 0),
            note: 'share of the run the main thread spent running callbacks (performance.eventLoopUtilization)',
          },
          loadAverage1m: { before: round(loadBefore, 2), after: round(loadAfter, 2), cpus: cpus().length },
          idleBaseline: {
            lagP99Ms: round(lag(idle, 99), 2),
            lagMaxMs: round(ms(idle.max) - RESOLUTION_MS, 2),
            projectGraphLatencyMs: summary(idleLatencies),
          },
        },
        note,
      }),
    ];
  } catch (error) {
    return [failedResult(name, 'ms', '≤ 50 ms', error, note)];
  }
}

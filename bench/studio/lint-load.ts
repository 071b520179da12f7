// The studio's lint of a 10,000-revision project (DESIGN.md budgets):
//   - the bridge's event loop while the whole project is linted (lag p99 ≤ 50 ms): the lint
//     runs in the lint worker, the bridge only forwards;
//   - relint of an edited revision (≤ 50 ms): a revision saved through the bridge
//     (revision.save), then its lint asked (lint.revision) and timed, as the inspector does.
// The bridge is started in this process (startBridge), nothing else running in it.
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startBridge } from '../../electron/bridge/server.ts';
import { loadProject } from '../../electron/engine/project/project.ts';
import { MemorySecretStore } from '../../electron/engine/service/secrets.ts';
import { generateProject } from '../generate.ts';
import {
  api,
  budgetResult,
  Cleanup,
  failedResult,
  log,
  median,
  POLL_MS,
  poller,
  round,
  summary,
  type BenchResult,
} from './common.ts';

const REVISIONS = 10_000;
const RESOLUTION_MS = 10;
const EDITS = 9;

interface RevisionLintAnswer {
  readonly statements: readonly { readonly statement: string }[];
}

export async function benchLint(cleanup: Cleanup): Promise<BenchResult[]> {
  const lagName =
    `bridge event loop lag p99 while a ${REVISIONS.toLocaleString('en')}-revision ` +
    `project is linted (lint.project, lint worker)`;
  const relintName =
    `relint of an edited revision in the studio: lint.revision after revision.save, ` +
    `newest of ${REVISIONS.toLocaleString('en')} revisions`;
  const lagNote =
    `startBridge() in the bench process on a generated ${REVISIONS.toLocaleString('en')}-revision ` +
    `PostgreSQL project (bench/generate.ts), lint.project asked once through HTTP and its answer awaited: ` +
    `the lint worker lints every revision (the first lint of the project, the parser loaded). ` +
    `monitorEventLoopDelay (resolution ${RESOLUTION_MS} ms) is enabled from just before the request to the answer; ` +
    `the lag is the percentile minus the resolution. Meanwhile project.info is asked every ${POLL_MS} ms, ` +
    `one request at a time, and its latency reported (not project.graph: this process is also the client, ` +
    `and parsing a 10,000-revision graph ten times a second would be its own load on the loop measured).`;
  const relintNote =
    `On the same bridge, after the whole project is linted: the newest revision (last in graph order) ` +
    `is saved ${EDITS} times through POST /api/revision.save, ` +
    `each time with one more statement (ALTER TABLE … ADD COLUMN … NOT NULL DEFAULT random()), ` +
    `and after each save lint.revision is asked and timed from request to answer; ` +
    `the answer is checked to carry the new statement. ` +
    'The value is the median. revision.save itself (writing the file, ' +
    'the service reloading the project through its load cache) is reported in details; ' +
    'the worker is told which revision changed and lints it again from the schema before it (undoing the later ' +
    "revisions' steps, not replaying the 9,999 before it). " +
    'details.middle is the same for a revision in the middle of the graph, ' +
    'whose save makes the 5,000 after it be linted again (in the background: the edited one is answered first).';
  const root = cleanup.tempDir('strata-bench-lint-');
  try {
    log(`lint: generating a ${REVISIONS}-revision project`);
    const project = generateProject('postgres', REVISIONS, 13, join(root, 'project'));
    const configDir = join(root, 'config');
    mkdirSync(configDir);
    const bridge = await startBridge({
      projectDir: project.dir,
      configDir,
      secrets: new MemorySecretStore(),
      staticDir: root,
    });
    cleanup.add(() => bridge.close());
    for (let i = 0; i < 3; i++) await api(bridge, 'project.graph', {});

    // 1. The whole project's lint.
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const loadBefore = loadavg()[0] ?? 0;
    const elu0 = performance.eventLoopUtilization();
    h.enable();
    const poll = poller(bridge, 'project.info');
    const t0 = performance.now();
    const lint = await api<{ revisions: unknown[] }>(bridge, 'lint.project', {});
    const lintMs = performance.now() - t0;
    h.disable();
    const elu = performance.eventLoopUtilization(elu0);
    const latencies = await poll.stop();
    const ms = (ns: number): number => ns / 1e6;
    const lag = (p: number): number => Math.max(0, ms(h.percentile(p)) - RESOLUTION_MS);
    log(
      `lint: the project linted in ${round(lintMs, 0)} ms (${lint.revisions.length} revisions with findings); ` +
        `lag p50 ${round(lag(50), 2)} p99 ${round(lag(99), 2)} max ${round(ms(h.max) - RESOLUTION_MS, 1)} ms; ` +
        `project.info p99 ${summary(latencies).p99} ms`,
    );
    const results: BenchResult[] = [
      budgetResult({
        name: lagName,
        value: lag(99),
        unit: 'ms',
        limit: 50,
        budget: '≤ 50 ms',
        details: {
          lagMs: {
            p50: round(lag(50), 2),
            p90: round(lag(90), 2),
            p99: round(lag(99), 2),
            max: round(ms(h.max) - RESOLUTION_MS, 2),
            samples: h.count,
          },
          lintProjectMs: round(lintMs, 0),
          revisionsWithFindings: lint.revisions.length,
          projectInfoLatencyMs: summary(latencies),
          mainThreadBusy: { eventLoopUtilization: round(elu.utilization, 3), activeMs: round(elu.active, 0) },
          loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2), cpus: cpus().length },
          project: {
            revisions: project.count,
            branches: project.branches,
            merges: project.merges,
            statements: project.statements,
          },
        },
        note: lagNote,
      }),
    ];

    // 2. Relint of an edited revision.
    const { map } = loadProject(project.dir);
    const relint = async (id: string): Promise<{ saveMs: number[]; lintMs: number[] }> => {
      const detail = await api<{ upgradeSql: string; downgradeSql: string | null }>(bridge, 'revision.get', { id });
      const table = /(?:CREATE TABLE|ALTER TABLE) (\w+)/.exec(detail.upgradeSql)?.[1] ?? 't_0';
      const out = { saveMs: [] as number[], lintMs: [] as number[] };
      let sql = detail.upgradeSql;
      // One unmeasured round first: the revision's first lint.revision, the save path's code.
      for (let k = 0; k <= EDITS; k++) {
        sql =
          `${sql.trimEnd()}\nALTER TABLE ${table} ADD COLUMN bench_${k} integer NOT NULL DEFAULT (random() ` +
          `* 10)::integer;\n`;
        const s0 = performance.now();
        await api(bridge, 'revision.save', { id, upgradeSql: sql, downgradeSql: detail.downgradeSql });
        const s1 = performance.now();
        const answer = await api<RevisionLintAnswer>(bridge, 'lint.revision', { id });
        const s2 = performance.now();
        if (!answer.statements.some((st) => st.statement.includes(`bench_${k}`)))
          throw new Error(`lint.revision of ${id} after the save does not show the new statement`);
        if (k === 0) continue;
        out.saveMs.push(s1 - s0);
        out.lintMs.push(s2 - s1);
      }
      return out;
    };
    const newest = map.order[map.order.length - 1] as string;
    const middle = map.order[Math.floor(map.order.length / 2)] as string;
    const head = await relint(newest);
    const mid = await relint(middle);
    // The project linted to the end again after the middle edits: lint.project answers for the edited files.
    const t1 = performance.now();
    await api(bridge, 'lint.project', {});
    const catchUpMs = performance.now() - t1;
    log(
      `lint: relint of the newest revision median ${round(median(head.lintMs), 1)} ms (save ` +
        `${round(median(head.saveMs), 1)} ms); of a middle one ${round(median(mid.lintMs), 1)} ms`,
    );
    results.push(
      budgetResult({
        name: relintName,
        value: median(head.lintMs),
        unit: 'ms',
        limit: 50,
        budget: '≤ 50 ms',
        details: {
          revision: newest,
          lintRevisionMs: summary(head.lintMs),
          revisionSaveMs: summary(head.saveMs),
          middle: {
            revision: middle,
            lintRevisionMs: summary(mid.lintMs),
            revisionSaveMs: summary(mid.saveMs),
            lintProjectAfterMs: round(catchUpMs, 0),
          },
          loadAverage1m: round(loadavg()[0] ?? 0, 2),
        },
        note: relintNote,
      }),
    );
    return results;
  } catch (error) {
    return [
      failedResult(lagName, 'ms', '≤ 50 ms', error, lagNote),
      failedResult(relintName, 'ms', '≤ 50 ms', error, relintNote),
    ];
  }
}

// The lock preview's estimated lock-hold time against real runs (issue 20): the whole matrix of
// test/support/lock-estimate-matrix.ts — rewrites, validation scans, index builds and foreign
// keys on a plain table, one with five more indexes and one with wide rows — at 10^5, 10^6 and
// 10^7 rows (BENCH_QUICK: 10^5 and 10^6). The server's unit costs are measured in the same run
// as the statements: once for 10^5 rows, and again right before each statement of the larger
// sizes, whose runs last minutes while a shared machine's speed changes by the minute (one
// calibration for the whole 10^7 matrix came out 1.5-2.7× high as the load fell). Each
// statement is estimated and run in a transaction that is rolled back; the ratio is the
// estimate over the median of the runs. The budget: every ratio within 2× (0.5–2).
//
// Environment: BENCH_LOCK_SIZES (comma-separated row counts), BENCH_LOCK_REPS (runs per
// statement; default 3, but 1 for a statement estimated at over 10 s: a 10^7-row index build
// takes a minute or more).
import { loadavg } from 'node:os';
import pg from 'pg';
import { openSession } from '../electron/engine/dialects/postgres/sessions.ts';
import { calibrate, type Calibration } from '../electron/engine/lint/live/calibration.ts';
import { buildMatrix, matrixCases, measureCase, type CaseResult } from '../test/support/lock-estimate-matrix.ts';
import { log, median, round } from './measure.ts';
import type { BenchServer } from './postgres.ts';
import type { BenchResult } from './run.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_LOCK_SIZES ?? (QUICK ? '100000,1000000' : '100000,1000000,10000000'))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);

function reps(estimatedSeconds: number): number {
  const given = Number(process.env.BENCH_LOCK_REPS);
  return given > 0 ? given : estimatedSeconds > 10 ? 1 : 3;
}

/** How far off an estimate is, either way: 1 is exact, 2 the budget. */
const off = (ratio: number): number => Math.max(ratio, 1 / ratio);

export async function runLockEstimateBenchmarks(server: BenchServer): Promise<BenchResult[]> {
  const { name, url } = await server.createDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cases: CaseResult[] = [];
  const calibrations: Record<string, unknown>[] = [];
  try {
    for (const rows of SIZES) {
      log(`lock estimates: building the ${rows}-row matrix`);
      await buildMatrix(client, rows);
      const measureNow = async (): Promise<Calibration> => {
        const session = await openSession(url);
        const calibration = await calibrate(session).finally(() => session.close());
        calibrations.push({ rows, costs: calibration.costs, load1: round(loadavg()[0] ?? 0, 2) });
        return calibration;
      };
      let calibration = await measureNow();
      for (const [i, c] of matrixCases(true).entries()) {
        if (rows > 100_000 && i > 0) calibration = await measureNow();
        const result = await measureCase(client, url, calibration, c, rows, reps);
        const { estimatedSeconds: e, actualSeconds: a } = result;
        log(`  ${c.name} at ${rows}: estimated ${round(e, 3)} s, ran ${round(a, 3)} s`);
        cases.push(result);
      }
    }
  } finally {
    await client.end();
    await server.dropDatabase(name);
  }
  const worst = Math.max(...cases.map((c) => off(c.ratio)));
  const within = cases.filter((c) => off(c.ratio) <= 2).length;
  const kinds = [...new Set(cases.map((c) => c.name.split(':')[0]?.split(' (')[0] ?? c.name))];
  return [
    {
      name: `lock-hold estimates within 2× of real runs (${SIZES.join(', ')} rows; ${within} of ${cases.length})`,
      value: round(worst, 2),
      unit: '× off (worst case)',
      budget: 'every estimate within 2× of the median real run',
      anchor: null,
      ratio: round(worst / 2, 2),
      pass: within === cases.length,
      details: {
        medianRatioByKind: Object.fromEntries(
          kinds.map((k) => [k, round(median(cases.filter((c) => c.name.startsWith(k)).map((c) => c.ratio)), 2)]),
        ),
        cases: cases.map((c) => ({
          case: c.name,
          rows: c.rows,
          estimatedSeconds: round(c.estimatedSeconds, 3),
          actualSeconds: round(c.actualSeconds, 3),
          ratio: round(c.ratio, 2),
          method: c.method,
        })),
        calibrations,
      },
    },
  ];
}

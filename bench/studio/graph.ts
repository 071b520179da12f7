// The graph view with 10,000 and with 50,000 revisions in headless Chromium, through
// `strata serve`:
//   - first paint: navigation start → the first frame showing graph rows, fresh browser
//     context (cold HTTP cache) per run, median of the runs;
//   - scrolling: frame intervals (requestAnimationFrame timestamps) while the page moves the
//     graph's scroll container at a steady speed, with an idle baseline and a mouse-wheel run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { generateProject } from '../generate.ts';
import {
  budgetResult,
  Cleanup,
  failedResult,
  loadAverage,
  log,
  median,
  percentile,
  round,
  sleep,
  startServe,
  summary,
  VIEWPORT,
  type BenchResult,
} from './common.ts';

export const PROBE = fileURLToPath(new URL('./page-probe.js', import.meta.url));
/** DESIGN.md: first paint ≤ 1 s at 10,000 revisions, ≤ 1.5 s at 50,000; scrolling p95 ≤ 16.7 ms. */
const SIZES: readonly { readonly revisions: number; readonly paintMs: number }[] = [
  { revisions: 10_000, paintMs: 1000 },
  { revisions: 50_000, paintMs: 1500 },
];
const PAINT_RUNS = 5;
const SCROLL_MS = 3_000;
const SCROLL_PX_PER_S = 3_000;
const SCROLL_ROUNDS = 3;
/** One frame of headless Chromium's 60 Hz timer. */
const BEAT_MS = 1000 / 60;

/** p95 of intervals counted in whole beats (at least one), in ms. */
function snappedP95(intervals: readonly number[]): number {
  return round(
    percentile(
      intervals.map((x) => Math.max(1, Math.round(x / BEAT_MS)) * BEAT_MS),
      95,
    ),
  );
}

interface PageReport {
  rowsAt: number | null;
  frameAt: number | null;
  paintedAt: number | null;
  lcp: { at: number; size: number; element: string | null }[];
  paints: { name: string; at: number }[];
  nav: { responseEnd: number; domContentLoaded: number; load: number } | null;
  resources: { path: string; start: number; end: number; bytes: number }[];
  rowCount: number;
  longTasks: { at: number; duration: number }[];
}

interface FramesReport {
  intervals: number[];
  frames: number;
  elapsed: number;
  uncovered: number;
  checked: number;
  rowHeight: number;
  viewport: number;
  scrollHeight: number;
  startTop: number;
  endTop: number;
  longTasks: { at: number; duration: number }[];
}

type Metrics = Record<string, number>;

async function cdpMetrics(page: Page): Promise<{ read(): Promise<Metrics> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    },
  };
}

/** Main-thread time per frame during a measurement, from Chromium's own counters (seconds → ms). */
function workPerFrame(before: Metrics, after: Metrics, frames: number): Record<string, number> {
  const per = (key: string): number =>
    round((((after[key] ?? 0) - (before[key] ?? 0)) * 1000) / Math.max(1, frames), 2);
  return {
    taskMs: per('TaskDuration'),
    scriptMs: per('ScriptDuration'),
    layoutMs: per('LayoutDuration'),
    styleMs: per('RecalcStyleDuration'),
    layoutCount: round(((after.LayoutCount ?? 0) - (before.LayoutCount ?? 0)) / Math.max(1, frames), 2),
  };
}

async function openGraph(
  browser: Browser,
  url: string,
): Promise<{ page: Page; report: PageReport; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript({ path: PROBE });
  await page.goto(url);
  await page.locator('[data-testid="graph-row"]').first().waitFor({ state: 'visible', timeout: 30_000 });
  // A function, not a string: the page's CSP has no 'unsafe-eval', which string predicates need.
  await page.waitForFunction(
    () => (globalThis as unknown as { __strataBench: { paintedAt: number | null } }).__strataBench.paintedAt !== null,
    undefined,
    { timeout: 10_000 },
  );
  const report = (await page.evaluate('window.__strataBench.report()')) as PageReport;
  return { page, report, close: () => context.close() };
}

export async function benchGraph(browser: Browser, cleanup: Cleanup): Promise<BenchResult[]> {
  const only = process.env.BENCH_GRAPH_SIZES?.split(',').map(Number);
  const results: BenchResult[] = [];
  for (const size of SIZES)
    if (!only || only.includes(size.revisions))
      results.push(...(await benchGraphOf(browser, cleanup, size.revisions, size.paintMs)));
  return results;
}

async function benchGraphOf(
  browser: Browser,
  cleanup: Cleanup,
  REVISIONS: number,
  paintLimit: number,
): Promise<BenchResult[]> {
  const paintBudget = `≤ ${paintLimit / 1000} s`;
  const paintName =
    `graph view: first paint of ${REVISIONS.toLocaleString('en')} revisions (headless Chromium, ` +
    `through strata serve)`;
  const scrollName =
    `graph view: scrolling frame time p95, ` + `${REVISIONS.toLocaleString('en')} revisions (headless Chromium)`;
  const results: BenchResult[] = [];
  const root = cleanup.tempDir('strata-bench-graph-');
  log(`graph: generating a ${REVISIONS}-revision project`);
  const project = generateProject('sqlite', REVISIONS, 11, join(root, 'project'));
  const configDir = join(root, 'config');
  mkdirSync(configDir);
  const serve = await startServe(project.dir, configDir);
  cleanup.add(() => serve.stop());
  log(`graph: strata serve up in ${round(serve.startMs, 0)} ms`);

  // 1. First paint. One unmeasured load first: the server's first project.graph and the OS caches.
  try {
    const warm = await openGraph(browser, serve.url);
    await warm.close();
    const runs: {
      paint: number;
      rows: number;
      graphApi: number | null;
      infoApi: number | null;
      domContentLoaded: number | null;
      fcp: number | null;
      rowCount: number;
      graphBytes: number | null;
      lcp: PageReport['lcp'];
      load: number;
    }[] = [];
    for (let i = 0; i < PAINT_RUNS; i++) {
      const opened = await openGraph(browser, serve.url);
      const r = opened.report;
      await opened.close();
      const graphApi = r.resources.find((x) => x.path === '/api/project.graph');
      const infoApi = r.resources.find((x) => x.path === '/api/project.info');
      runs.push({
        paint: r.paintedAt ?? Number.NaN,
        rows: r.rowsAt ?? Number.NaN,
        graphApi: graphApi ? round(graphApi.end) : null,
        infoApi: infoApi ? round(infoApi.end) : null,
        domContentLoaded: r.nav ? round(r.nav.domContentLoaded) : null,
        fcp: r.paints.find((p) => p.name === 'first-contentful-paint')?.at ?? null,
        rowCount: r.rowCount,
        graphBytes: graphApi?.bytes ?? null,
        lcp: r.lcp,
        load: loadAverage(),
      });
      log(
        `graph: first paint run ${i + 1}/${PAINT_RUNS}: rows in DOM ${round(r.rowsAt ?? -1, 0)} ms, ` +
          `painted ${round(r.paintedAt ?? -1, 0)} ms, project.graph answered ${round(graphApi?.end ?? -1, 0)} ms`,
      );
    }
    const value = median(runs.map((r) => r.paint));
    results.push(
      budgetResult({
        name: paintName,
        value,
        unit: 'ms',
        limit: paintLimit,
        budget: paintBudget,
        details: {
          runs: runs.length,
          medians: {
            projectGraphRespondedMs: round(median(runs.map((r) => r.graphApi ?? Number.NaN))),
            projectInfoRespondedMs: round(median(runs.map((r) => r.infoApi ?? Number.NaN))),
            domContentLoadedMs: round(median(runs.map((r) => r.domContentLoaded ?? Number.NaN))),
            firstContentfulPaintMs: round(median(runs.map((r) => r.fcp ?? Number.NaN))),
            rowsInDomMs: round(median(runs.map((r) => r.rows))),
          },
          samples: runs.map((r) => ({
            paintMs: round(r.paint),
            rowsInDomMs: round(r.rows),
            projectGraphRespondedMs: r.graphApi,
            domContentLoadedMs: r.domContentLoaded,
            rowsMounted: r.rowCount,
            lastLcp: r.lcp.at(-1) ?? null,
            loadAverage1m: r.load,
          })),
          projectGraphBytes: runs[0]?.graphBytes ?? null,
          project: {
            revisions: project.count,
            branches: project.branches,
            merges: project.merges,
            heads: project.heads.length,
          },
          serveStartMs: round(serve.startMs),
          viewport: VIEWPORT,
        },
        note:
          `Median of ${PAINT_RUNS} page loads (after one unmeasured load), ` +
          `each in a fresh browser context (cold HTTP cache) ` +
          `against one running \`strata serve\` on a generated ${REVISIONS.toLocaleString('en')}-revision ` +
          `project (bench/generate.ts), no connection configured. ` +
          'Value: performance.now() in the page (0 = navigation start) ' +
          'when the first frame with graph rows has rendered: ' +
          'a MutationObserver notes the first [data-testid="graph-row"], ' +
          'a requestAnimationFrame marks the next frame and a message ' +
          "posted from it the end of that frame's rendering steps. " +
          'details.medians.projectGraphRespondedMs is the responseEnd ' +
          'of the /api/project.graph request (Resource Timing).',
      }),
    );
  } catch (error) {
    results.push(failedResult(paintName, 'ms', paintBudget, error, 'first paint did not complete'));
  }

  // 2. Scrolling: one page, settled, then an idle baseline, the steady scroll, a wheel scroll.
  try {
    const opened = await openGraph(browser, serve.url);
    try {
      const { page } = opened;
      await sleep(1000);
      const metrics = await cdpMetrics(page);
      const idle = (await page.evaluate(`window.__strataBench.frames({ durationMs: 1500 })`)) as FramesReport;
      await page.evaluate(`window.__strataBench.frames({ durationMs: 500, pxPerSecond: ${SCROLL_PX_PER_S} })`);
      // Three rounds; the median round is reported (a burst of other work on the machine
      // spoils one round, not the figure).
      const rounds: { report: FramesReport; work: Record<string, number>; load: number }[] = [];
      for (let i = 0; i < SCROLL_ROUNDS; i++) {
        const m0 = await metrics.read();
        const report = (await page.evaluate(
          `window.__strataBench.frames({ durationMs: ${SCROLL_MS}, pxPerSecond: ${SCROLL_PX_PER_S} })`,
        )) as FramesReport;
        const m1 = await metrics.read();
        rounds.push({ report, work: workPerFrame(m0, m1, report.frames), load: loadAverage() });
      }
      // The wheel: Playwright sends wheel events while the page only records.
      await page.locator('[data-testid="graph"] .graph-scroll').hover();
      const wheelFrames = page.evaluate(`window.__strataBench.frames({ durationMs: 2000 })`) as Promise<FramesReport>;
      const wheelEnd = Date.now() + 1900;
      let ticks = 0;
      let dy = 120;
      while (Date.now() < wheelEnd) {
        await page.mouse.wheel(0, dy);
        ticks++;
        if (ticks % 60 === 0) dy = -dy;
        await sleep(16);
      }
      const wheel = await wheelFrames;
      const described = rounds.map(({ report, work, load }) => ({
        snappedP95Ms: snappedP95(report.intervals),
        raw: summary(report.intervals),
        framesPerSecond: round((report.frames * 1000) / report.elapsed),
        framesOffTheBeat: report.intervals.filter((x) => x >= 1.5 * BEAT_MS).length,
        framesWithRowsMissingInView: report.uncovered,
        longTasksMs: report.longTasks.map((t) => round(t.duration)),
        mainThreadPerFrame: work,
        loadAverage1m: load,
      }));
      const ordered = [...described].sort((a, b) => a.snappedP95Ms - b.snappedP95Ms || a.raw.p95 - b.raw.p95);
      const mid = ordered[Math.floor(ordered.length / 2)] as (typeof described)[number];
      const value = mid.snappedP95Ms;
      log(
        `graph: scroll rounds p95 (snapped) ${described.map((d) => d.snappedP95Ms).join(', ')} ms, ` +
          `raw p50/p95/p99 ${described.map((d) => `${d.raw.p50}/${d.raw.p95}/${d.raw.p99}`).join(', ')}; ` +
          `idle raw p95 ${summary(idle.intervals).p95} ms; wheel raw p95 ${summary(wheel.intervals).p95} ms`,
      );
      const pxPerFrame = round(SCROLL_PX_PER_S / 60, 0);
      results.push(
        budgetResult({
          name: scrollName,
          value,
          unit: 'ms',
          limit: 16.7,
          budget: 'p95 ≤ 16.7 ms',
          details: {
            medianRound: mid,
            rounds: described,
            idleBaseline: {
              snappedP95Ms: snappedP95(idle.intervals),
              raw: summary(idle.intervals),
              framesPerSecond: round((idle.frames * 1000) / idle.elapsed),
            },
            wheel: {
              snappedP95Ms: snappedP95(wheel.intervals),
              raw: summary(wheel.intervals),
              wheelEvents: ticks,
              scrolledTo: wheel.endTop,
              longTasksMs: wheel.longTasks.map((t) => round(t.duration)),
            },
            scrolling: {
              pxPerSecond: SCROLL_PX_PER_S,
              secondsPerRound: SCROLL_MS / 1000,
              rowHeight: rounds[0]?.report.rowHeight,
              viewport: rounds[0]?.report.viewport,
              scrollHeight: rounds[0]?.report.scrollHeight,
            },
            firstPaintOfThisPage: opened.report.paintedAt === null ? null : round(opened.report.paintedAt),
          },
          note:
            `Frame time = the interval between requestAnimationFrame timestamps while the page itself ` +
            `moves the graph's scroll container ([data-testid="graph"] .graph-scroll) ` +
            `at ${SCROLL_PX_PER_S} px/s (≈ ${pxPerFrame} px, about ${round(pxPerFrame / 26, 1)} rows, ` +
            `per 60 Hz frame), setting scrollTop at the start of each frame and bouncing at the ends, ` +
            `so every frame runs the scroll handler, ` +
            `the virtual window and React's re-render of the rows that enter. ` +
            `${SCROLL_ROUNDS} rounds of ${SCROLL_MS / 1000} s on one settled page; ` +
            `the value is the median round's p95. ` +
            `Headless Chromium produces frames on a 60 Hz timer (${round(BEAT_MS, 2)} ms), ` +
            `and timestamps of on-time frames read 16.6-16.8 ms: ` +
            `each interval is therefore counted in whole beats (round(interval / ${round(BEAT_MS, 2)}), ` +
            `at least 1) × ${round(BEAT_MS, 2)} ms before the p95 is taken, ` +
            `so the value is 16.7 when at least 95 % of frames made the beat and 33.3 or more when over ` +
            `5 % missed it; the raw p50/p95/p99 of every round are in details.rounds. ` +
            'details.idleBaseline is the same measure on the same page with nothing moving (how regular ' +
            'the pacing is on this machine at that moment); ' +
            "mainThreadPerFrame is Chromium's own main-thread time (CDP Performance.getMetrics: tasks, " +
            'script, layout, style) per frame; details.wheel is the view scrolled with Playwright ' +
            'mouse.wheel events instead, recorded only. The 1-minute load average is given per round: ' +
            'other work on this 2-CPU machine shows up directly as missed frames.',
        }),
      );
    } finally {
      await opened.close();
    }
  } catch (error) {
    results.push(failedResult(scrollName, 'ms', 'p95 ≤ 16.7 ms', error, 'scrolling did not complete'));
  }
  return results;
}

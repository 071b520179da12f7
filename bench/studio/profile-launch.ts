// Where a launch goes: `strata serve` spawned on migrations-sample/postgres with a default
// PostgreSQL connection that never answers (or refuses: `refused` as the first argument), the
// page loaded in headless Chromium, and one timeline printed with every step's time since the
// spawn: the URL printed, navigation, each request the page made (sent → first byte → end),
// graph rows in the DOM and painted, a click on a row shown selected. Not a benchmark
// (bench/studio/launch.ts measures): a tool to look.
//
//   tsx bench/studio/profile-launch.ts [silent|refused] [runs=3]
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright';
import { Cleanup, CHROMIUM, CHROMIUM_ARGS, log, ROOT, round, startServe, VIEWPORT } from './common.ts';
import { PROBE } from './graph.ts';
import { configureUnreachable, silentServer } from './launch.ts';

interface Resource {
  path: string;
  start: number;
  requestStart: number;
  responseStart: number;
  end: number;
  bytes: number;
}

const kind = process.argv[2] === 'refused' ? 'refused' : 'silent';
const runs = Number(process.argv[3] ?? 3);
const cleanup = new Cleanup();
try {
  const root = cleanup.tempDir('strata-profile-launch-');
  const projectDir = join(root, 'project');
  cpSync(join(ROOT, 'migrations-sample', 'postgres'), projectDir, { recursive: true });
  const silent = await silentServer();
  cleanup.add(() => silent.close());
  const configDir = join(root, 'config');
  mkdirSync(configDir);
  await configureUnreachable(projectDir, configDir, {
    label: kind,
    host: '127.0.0.1',
    port: kind === 'refused' ? 1 : silent.port,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  cleanup.add(() => browser.close());
  for (let run = 0; run <= runs; run++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript({ path: PROBE });
    // Resource Timing with the request's own start and first byte (the probe keeps only start/end).
    await page.addInitScript(() => {
      (globalThis as unknown as { __resources: () => unknown }).__resources = () =>
        performance.getEntriesByType('resource').map((e) => {
          const r = e as PerformanceResourceTiming;
          return {
            path: new URL(r.name).pathname,
            start: r.startTime,
            requestStart: r.requestStart,
            responseStart: r.responseStart,
            end: r.responseEnd,
            bytes: r.encodedBodySize,
          };
        });
    });
    const serve = await startServe(projectDir, configDir);
    const t0 = serve.spawnedAt;
    const since = (t: number): number => round(t - t0, 0);
    const tNav = performance.now();
    await page.goto(serve.url, { waitUntil: 'commit' });
    const row = page.locator('[data-testid="graph-row"]').nth(1);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const tRows = performance.now();
    await row.locator('.graph-msg').click();
    await page.locator('[data-testid="graph-row"][aria-selected="true"]').waitFor();
    const tUsable = performance.now();
    await page.waitForTimeout(300);
    const report = (await page.evaluate('window.__strataBench.report()')) as {
      rowsAt: number | null;
      paintedAt: number | null;
      click: { inputAt: number; selectedPaintedAt: number | null } | null;
      longTasks: { at: number; duration: number }[];
      nav: { responseEnd: number; domContentLoaded: number } | null;
    };
    const resources = (await page.evaluate('window.__resources()')) as Resource[];
    const status = await page.locator('[data-testid="connection-item"]').first().getAttribute('data-status');
    await serve.stop();
    await context.close();
    if (run === 0) continue; // warm-up: the OS caches
    const inPage = (t: number | null | undefined): string => (t == null ? '—' : String(since(tNav + t)));
    log(`run ${run} (${kind}), ms since spawn:`);
    log(`  URL printed ${since(t0 + serve.startMs)}; navigation ${since(tNav)}`);
    log(`  html end ${inPage(report.nav?.responseEnd)}; DOMContentLoaded ${inPage(report.nav?.domContentLoaded)}`);
    for (const r of resources)
      log(
        `  ${r.path.padEnd(44)} sent ${inPage(r.start)} → first byte ${inPage(r.responseStart)} → end ` +
          `${inPage(r.end)} (${r.bytes} B)`,
      );
    log(`  rows in DOM ${inPage(report.rowsAt)}, painted ${inPage(report.paintedAt)}`);
    log(
      `  click input ${inPage(report.click?.inputAt)}, selection painted ${inPage(report.click?.selectedPaintedAt)}; ` +
        `long tasks: ${report.longTasks.map((t) => `${inPage(t.at)} +${round(t.duration, 0)}`).join(', ') || 'none'}`,
    );
    log(
      `  row visible (Playwright) ${since(tRows)}, selected ${since(tUsable)}: ` +
        `window value ${round(tUsable - tNav, 0)} ms; status now '${status}'`,
    );
  }
} finally {
  await cleanup.run();
}

// The studio's budgets (DESIGN.md "Budgets", issue 3): graph first paint and scrolling in
// headless Chromium, the bridge's event loop while a 10 s SQLite migration runs and while a
// 10,000-revision project is linted, the relint of an edited revision, and launch to a usable
// window with an unreachable default connection (the bridge's equivalent: no Electron binary
// here). runStudioBenchmarks() returns the results; bench/studio/run.ts prints them.
//
// Environment: BENCH_STUDIO_ONLY=graph,eventloop,lint,launch runs a subset (BENCH_GRAPH_SIZES=
// 10000 or 50000 one graph size); STRATA_CHROMIUM
// overrides /usr/bin/chromium.
import { chromium, type Browser } from 'playwright';
import { Cleanup, CHROMIUM, CHROMIUM_ARGS, failedResult, log, type BenchResult } from './common.ts';
import { benchEventLoop } from './event-loop.ts';
import { benchGraph } from './graph.ts';
import { benchLaunch } from './launch.ts';
import { benchLint } from './lint-load.ts';
import { ensureRenderer } from './renderer.ts';

export type { BenchResult } from './common.ts';

const ALL = ['graph', 'launch', 'eventloop', 'lint'] as const;

export async function runStudioBenchmarks(): Promise<BenchResult[]> {
  const only = new Set((process.env.BENCH_STUDIO_ONLY ?? ALL.join(',')).split(',').map((s) => s.trim()));
  const cleanup = new Cleanup();
  const results: BenchResult[] = [];
  let rendererAction = 'not checked';
  const guarded = async (what: string, bench: () => Promise<BenchResult[]>): Promise<void> => {
    try {
      results.push(...(await bench()));
    } catch (error) {
      log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      results.push(failedResult(`studio benchmark '${what}'`, 'ms', '—', error, `${what} could not run`));
    }
  };
  try {
    const renderer = await ensureRenderer();
    rendererAction = renderer.action;
    let browser: Browser | undefined;
    const openBrowser = async (): Promise<Browser> => {
      browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      return browser;
    };
    try {
      if (only.has('graph')) await guarded('graph', async () => benchGraph(await openBrowser(), cleanup));
      if (only.has('launch')) await guarded('launch', async () => benchLaunch(await openBrowser(), cleanup));
    } finally {
      // Closed before the event-loop run: nothing else in this process then but the bridge.
      await browser?.close();
    }
    if (only.has('eventloop')) await guarded('eventloop', () => benchEventLoop(renderer.dir, cleanup));
    if (only.has('lint')) await guarded('lint', () => benchLint(cleanup));
  } finally {
    log('cleaning up');
    await cleanup.run();
  }
  return results.map((r) => ({ ...r, details: { ...r.details, renderer: rendererAction } }));
}

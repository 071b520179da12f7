// Where the graph's first paint goes: one page load of a generated project through
// `strata serve`, with Chromium's performance trace, summarised per top-level task on the
// renderer's main thread. Not a benchmark (bench/studio/graph.ts measures): a tool to look.
//
//   tsx bench/studio/profile-graph.ts [revisions=10000] [out-dir]
// Writes trace.json (open in chrome://tracing or DevTools' Performance panel) into out-dir.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { generateProject } from '../generate.ts';
import { Cleanup, CHROMIUM, CHROMIUM_ARGS, log, round, startServe, VIEWPORT } from './common.ts';
import { PROBE } from './graph.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event: on a loaded machine, wall time says little. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string };
}

const revisions = Number(process.argv[2] ?? 10_000);
const out = process.argv[3] ?? join(process.cwd(), 'profile-graph');
const cleanup = new Cleanup();
try {
  mkdirSync(out, { recursive: true });
  const root = cleanup.tempDir('strata-profile-graph-');
  const project = generateProject('sqlite', revisions, 11, join(root, 'project'));
  const configDir = join(root, 'config');
  mkdirSync(configDir);
  const serve = await startServe(project.dir, configDir);
  cleanup.add(() => serve.stop());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  cleanup.add(() => browser.close());
  for (let run = 0; run < 2; run++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript({ path: PROBE });
    const traced = run === 1;
    if (traced)
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'v8',
          'blink.user_timing',
          'loading',
          'netlog',
          'disabled-by-default-v8.cpu_profiler',
        ],
      });
    const serverCpuBefore = processCpuMs(serve.child.pid);
    await page.goto(serve.url);
    await page.waitForFunction(
      () => (globalThis as unknown as { __strataBench: { paintedAt: number | null } }).__strataBench.paintedAt !== null,
      undefined,
      { timeout: 30_000 },
    );
    const report = (await page.evaluate('window.__strataBench.report()')) as {
      rowsAt: number;
      paintedAt: number;
      resources: { path: string; start: number; end: number; bytes: number }[];
    };
    const serverCpuMs = processCpuMs(serve.child.pid) - serverCpuBefore;
    log(`run ${run}: rows ${round(report.rowsAt)} ms, painted ${round(report.paintedAt)} ms`);
    for (const r of report.resources) log(`  ${r.path}: ${round(r.start)} → ${round(r.end)} ms, ${r.bytes} B`);
    const jsBeforePaint = report.resources.filter((r) => r.path.endsWith('.js') && r.end <= report.paintedAt);
    log(
      `  JS loaded before first paint: ${jsBeforePaint.reduce((n, r) => n + r.bytes, 0)} B in ` +
        `${jsBeforePaint.length} files; strata serve CPU during the load: ${round(serverCpuMs)} ms`,
    );
    if (traced) {
      const buffer = await browser.stopTracing();
      writeFileSync(join(out, 'trace.json'), buffer);
      const trace = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
      summarise(trace);
      phases(trace, report.paintedAt);
    }
    await context.close();
  }
} finally {
  await cleanup.run();
}

function summarise(trace: { traceEvents: TraceEvent[] }): void {
  const events = trace.traceEvents;
  // The page's navigation (the first one is to about:blank).
  const nav = events.find(
    (e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').startsWith('http'),
  );
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === nav?.pid);
  if (!nav || !main) return log('no renderer main thread in the trace');
  const t0 = nav.ts;
  const mainEvents = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts >= t0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time per event name (nesting by time), and the long tasks in order.
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (until: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1] as { end: number }).end <= until) {
      const top = stack.pop() as { e: TraceEvent; end: number; child: number };
      const key = keyOf(top.e);
      self.set(key, (self.get(key) ?? 0) + (top.e.dur ?? 0) - top.child);
      const parent = stack[stack.length - 1];
      if (parent) parent.child += top.e.dur ?? 0;
    }
  };
  for (const e of mainEvents) {
    close(e.ts);
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  log('self time on the renderer main thread, since navigation:');
  for (const [k, v] of top) log(`  ${round(v / 1000)} ms  ${k}`);
  log('tasks over 5 ms:');
  for (const e of mainEvents) {
    if (e.name !== 'RunTask' || (e.dur ?? 0) < 5000) continue;
    const end = e.ts + (e.dur ?? 0);
    const inner = mainEvents
      .filter((x) => x !== e && x.ts >= e.ts && x.ts + (x.dur ?? 0) <= end && (x.dur ?? 0) > 2000)
      .map((x) => `${keyOf(x)} ${round((x.dur ?? 0) / 1000)}`)
      .slice(0, 6);
    const at = round((e.ts - t0) / 1000);
    log(`  ${at} ms +${round((e.dur ?? 0) / 1000)} (cpu ${round((e.tdur ?? 0) / 1000)}): ${inner.join(', ')}`);
  }
}

/** User + system CPU time of a process so far (Linux /proc), in ms; NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Clock ticks of 1/100 s (USER_HZ, the same on every Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Main-thread CPU time (not wall time: the machine is shared) per phase of the load, from the
 * trace: navigation → the page asks for project.graph → its answer has arrived → first paint.
 */
function phases(trace: { traceEvents: TraceEvent[] }, paintedAt: number): void {
  const events = trace.traceEvents;
  const nav = events.find(
    (e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').startsWith('http'),
  );
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === nav?.pid);
  if (!nav || !main) return;
  const onMain = (e: TraceEvent): boolean => e.pid === main.pid && e.tid === main.tid && e.ts >= nav.ts;
  const graphRequest = (name: string): TraceEvent | undefined =>
    events.find(
      (e) =>
        onMain(e) &&
        e.name === name &&
        (name === 'ResourceSendRequest'
          ? String(e.args?.data?.url ?? '').endsWith('/api/project.graph')
          : e.args?.data?.requestId === asked?.args?.data?.requestId),
    );
  const asked = graphRequest('ResourceSendRequest');
  const answered = graphRequest('ResourceFinish');
  const at = (e: TraceEvent | undefined): number => (e ? (e.ts - nav.ts) / 1000 : Number.NaN);
  const bounds: [string, number][] = [
    ['navigation → project.graph asked', at(asked)],
    ['→ project.graph answered', at(answered)],
    ['→ first paint', paintedAt],
  ];
  const tasks = events.filter((e) => onMain(e) && e.ph === 'X' && e.name === 'RunTask');
  let from = 0;
  log('main-thread CPU per phase (thread time of the tasks that started in it):');
  for (const [name, until] of bounds) {
    const inside = tasks.filter((e) => (e.ts - nav.ts) / 1000 >= from && (e.ts - nav.ts) / 1000 < until);
    const cpu = inside.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000;
    log(`  ${name} (at ${round(until)} ms wall): ${round(cpu)} ms CPU`);
    from = until;
  }
}

function keyOf(e: TraceEvent): string {
  const d = e.args?.data;
  const url = d?.url ?? (d?.stackTrace as { url?: string }[] | undefined)?.[0]?.url;
  const fn = d?.functionName;
  return `${e.name}${fn ? ` ${String(fn)}` : ''}${url ? ` (${String(url).split('/').pop()})` : ''}`;
}

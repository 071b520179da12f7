// Shared pieces of the studio benchmarks: the result shape, statistics, temp folders that are
// always removed, and `strata serve` started as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Bridge } from '../../electron/bridge/server.ts';
import type { BenchResult as RunBenchResult } from '../run.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'bin', 'strata.js');
export const CHROMIUM = process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
export const VIEWPORT = { width: 1440, height: 900 };

/** bench/run.ts's BenchResult plus `note`: how the value was measured, in one paragraph, so a
 * reader can judge it without reading the code. */
export interface BenchResult extends RunBenchResult {
  readonly note: string;
}

export function budgetResult(r: {
  name: string;
  value: number | null;
  unit: string;
  limit: number;
  budget: string;
  note: string;
  details?: Record<string, unknown>;
  informational?: boolean;
}): BenchResult {
  const pass = r.informational === true ? r.value !== null : r.value !== null && r.value <= r.limit;
  return {
    name: r.name,
    value: r.value === null ? null : round(r.value),
    unit: r.unit,
    budget: r.budget,
    anchor: null,
    ratio: r.value === null ? null : round(r.value / r.limit, 2),
    pass,
    ...(r.informational === true ? { informational: true } : {}),
    ...(r.details !== undefined ? { details: r.details } : {}),
    note: r.note,
  };
}

export function failedResult(name: string, unit: string, budget: string, error: unknown, note: string): BenchResult {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    name,
    value: null,
    unit,
    budget,
    anchor: null,
    ratio: null,
    pass: false,
    details: { error: message.slice(0, 2000) },
    note,
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function summary(values: readonly number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

const started = performance.now();

export function log(message: string): void {
  process.stderr.write(`[bench:studio +${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

/** The 1-minute load average: other work on the machine (2 CPUs are easily shared) shows here. */
export function loadAverage(): number {
  return round(loadavg()[0] ?? 0, 2);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Things to undo at the end, last in first out, whatever happened. */
export class Cleanup {
  private readonly steps: (() => void | Promise<void>)[] = [];

  add(step: () => void | Promise<void>): void {
    this.steps.push(step);
  }

  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.add(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        const t0 = performance.now();
        await step();
        if (performance.now() - t0 > 1000)
          log(`cleanup step took ${round((performance.now() - t0) / 1000, 1)} s: ${step.toString().slice(0, 80)}`);
      } catch (error) {
        log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Spawn to the URL printed on stdout (the bridge is listening). */
  readonly startMs: number;
  readonly spawnedAt: number;
  stop(): Promise<void>;
}

/** `node bin/strata.js --project DIR serve` with its own config folder; resolves once the URL is printed. */
export function startServe(projectDir: string, configDir: string): Promise<ServeProcess> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [CLI, '--project', projectDir, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, STRATA_CONFIG_DIR: configDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolveServe, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`strata serve printed no URL within 30 s: ${out}${err}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(out);
      if (match && out.includes('\n', match.index)) {
        clearTimeout(timer);
        resolveServe({ child, url: match[0], startMs: performance.now() - spawnedAt, spawnedAt, stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.length > 20_000) err = err.slice(-10_000);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`strata serve exited (${code ?? signal}) before printing its URL: ${out}${err}`));
    });
  });
}

/** One API call through the bridge's HTTP door, as the page makes it. */
export async function api<T>(bridge: Bridge, method: string, input: unknown): Promise<T> {
  const response = await fetch(`${bridge.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-strata-token': bridge.token },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export const POLL_MS = 100;

/** Asks `method` every POLL_MS (one request at a time) until stopped; returns the latencies. */
export function poller(bridge: Bridge, method = 'project.graph'): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await api(bridge, method, {});
      const ms = performance.now() - t0;
      latencies.push(ms);
      await sleep(Math.max(0, POLL_MS - ms));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

// Timing helpers: a process timed from spawn to exit, medians, rounding.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProcessRun {
  readonly ms: number;
  /** The child's own CPU time (user + system), from GNU time; null where it is not installed. */
  readonly cpuMs: number | null;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';
let cpuDir: string | undefined;
let cpuFiles = 0;

/** Where GNU time writes; made on first use, so importing this module leaves nothing behind. */
function timeDir(): string | undefined {
  if (cpuDir === undefined && existsSync(GNU_TIME)) cpuDir = mkdtempSync(join(tmpdir(), 'strata-bench-time-'));
  return cpuDir;
}

export function removeTimeFiles(): void {
  if (cpuDir) rmSync(cpuDir, { recursive: true, force: true });
  cpuDir = undefined;
}

/**
 * Runs a command to its end; the time covers process start, the work and exit. The child's
 * CPU time is read through GNU time (`time -f '%U %S' -o FILE`), which both sides pay alike.
 */
export function timeProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; stdinFile?: string; stdoutFile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  const dir = timeDir();
  const cpuFile = dir === undefined ? undefined : join(dir, `cpu-${cpuFiles++}.txt`);
  const [program, argv] =
    cpuFile === undefined ? [command, args] : [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]];
  return new Promise((resolve, reject) => {
    const stdin = options.stdinFile === undefined ? 'ignore' : openSync(options.stdinFile, 'r');
    // Output written to a file, as `> FILE` would: a large output then costs the child what
    // it costs a user, and nothing in this process.
    const stdout = options.stdoutFile === undefined ? 'pipe' : openSync(options.stdoutFile, 'w');
    const t0 = performance.now();
    const child = spawn(program, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [stdin, stdout, 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (typeof stdin === 'number') closeSync(stdin);
      if (typeof stdout === 'number') closeSync(stdout);
      let cpuMs: number | null = null;
      if (cpuFile !== undefined && existsSync(cpuFile)) {
        const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
        if (user !== undefined && system !== undefined && Number.isFinite(user + system))
          cpuMs = (user + system) * 1000;
        rmSync(cpuFile, { force: true });
      }
      resolve({
        ms,
        cpuMs,
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
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

/** Rotates a list by `by`, so that across repetitions each side runs first, middle and last. */
export function rotate<T>(list: readonly T[], by: number): T[] {
  const k = ((by % list.length) + list.length) % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

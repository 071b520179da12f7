// The CLI bundle runs with V8's code cache (scripts/cli-loader.cjs, the bundle's load.cjs): the
// first run writes a cache per chunk it loaded, the next hands each back and V8 accepts it,
// and a damaged cache is ignored, the command still right, and written again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, CLI_LOADER } from '../scripts/build-cli.mjs';

// Inside the repository, so that the bundle's packages resolve from node_modules.
const outdir = resolve('.tmp', `cli-code-cache-${process.pid}`);
const cacheDir = join(outdir, 'code-cache');
const sample = ['--project', resolve('migrations-sample')];
const heads = [...sample, '--json', 'heads'];

beforeAll(async () => {
  await bundleCli({ outdir });
  writeFileSync(join(outdir, 'run.cjs'), `require('./${CLI_LOADER}').runCli(__dirname, process.argv.slice(2));\n`);
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function strata(args: readonly string[] = heads): {
  code: number | null;
  stdout: string;
  trace: { accepted: number; of: number; written: number };
} {
  const run = spawnSync(process.execPath, [join(outdir, 'run.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_CODE_CACHE_TRACE: '1', NO_COLOR: '1' },
  });
  const match = /^strata: code cache: (\d+) of (\d+) chunks accepted, (\d+) written$/m.exec(run.stderr);
  expect(match, run.stderr).not.toBeNull();
  const [accepted, of, written] = (match ?? []).slice(1).map(Number) as [number, number, number];
  return { code: run.status, stdout: run.stdout, trace: { accepted, of, written } };
}

describe('the CLI code cache', () => {
  it('is written by the first run, accepted by the next, and a damaged one is ignored and rewritten', () => {
    const first = strata();
    expect(first.code).toBe(0);
    const chunks = first.trace.of;
    expect(chunks).toBeGreaterThan(1);
    expect(first.trace).toEqual({ accepted: 0, of: chunks, written: chunks });
    const files = readdirSync(cacheDir).sort();
    expect(files).toHaveLength(chunks);
    expect(files).toContain(files.find((f) => f.startsWith('strata.cjs.')));

    const second = strata();
    expect(second.trace).toEqual({ accepted: chunks, of: chunks, written: 0 });
    expect(second.stdout).toBe(first.stdout);

    // One cache cut short (a torn write), one overwritten with other bytes.
    const [cut, garbled] = files as [string, string];
    const whole = readFileSync(join(cacheDir, cut));
    writeFileSync(join(cacheDir, cut), whole.subarray(0, whole.length >> 1));
    writeFileSync(join(cacheDir, garbled), Buffer.alloc(readFileSync(join(cacheDir, garbled)).length, 7));
    const damaged = strata();
    expect(damaged.code).toBe(0);
    expect(damaged.stdout).toBe(first.stdout);
    expect(damaged.trace).toEqual({ accepted: chunks - 2, of: chunks, written: chunks });

    expect(strata().trace).toEqual({ accepted: chunks, of: chunks, written: 0 });
    expect(readdirSync(cacheDir).sort()).toEqual(files);
  }, 60_000);

  it('stays accepted after commands that change V8 flags as they run (upgrade: --no-opt, lint: --liftoff-only)', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'strata-code-cache-')), 'db.sqlite');
    try {
      for (const args of [
        [...sample, '--url', db, 'upgrade', 'heads'],
        [...sample, 'lint'],
      ]) {
        strata(args);
        const again = strata(args);
        expect(again.trace, args.join(' ')).toEqual({ accepted: again.trace.of, of: again.trace.of, written: 0 });
      }
      // The chunks heads shares with them were rewritten by them, and still fit a plain start.
      const after = strata();
      expect(after.trace).toEqual({ accepted: after.trace.of, of: after.trace.of, written: 0 });
    } finally {
      rmSync(dirname(db), { recursive: true, force: true });
    }
  }, 120_000);
});

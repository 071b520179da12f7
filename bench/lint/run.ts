// `npx tsx bench/lint/run.ts`: the lint benchmark alone (bench/lint/lint-bench.ts); JSON on
// stdout, progress on stderr.
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliBundle } from '../cli-bundle.ts';
import { removeTimeFiles } from '../measure.ts';
import { runLintBenchmarks } from './lint-bench.ts';

const bundle = await buildCliBundle(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'));
try {
  const results = await runLintBenchmarks(bundle.entry);
  const report = {
    command: 'npx tsx bench/lint/run.ts',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, load1: loadavg()[0] },
    results,
    allPassed: results.every((r) => r.pass),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} finally {
  removeTimeFiles();
  bundle.remove();
}

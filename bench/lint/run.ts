// `npx tsx bench/lint/run.ts`: the lint benchmark alone (bench/lint/lint-bench.ts); JSON on
// stdout, progress on stderr.
import { cpus, loadavg } from 'node:os';
import { removeTimeFiles } from '../measure.ts';
import { runLintBenchmarks } from './lint-bench.ts';

try {
  const results = await runLintBenchmarks();
  const report = { command: 'npx tsx bench/lint/run.ts', machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, load1: loadavg()[0] }, results, allPassed: results.every((r) => r.pass) };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} finally {
  removeTimeFiles();
}

// `npx tsx bench/studio/run.ts`: the studio benchmarks alone; the results as JSON on stdout,
// progress on stderr. Exit code 1 when a budget is missed or a benchmark did not complete.
import { runStudioBenchmarks } from './index.ts';

const results = await runStudioBenchmarks();
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
if (!results.every((r) => r.pass)) process.exitCode = 1;

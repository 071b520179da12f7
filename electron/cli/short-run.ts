// An online upgrade or downgrade from the CLI spends its life waiting for the database: its
// JavaScript runs a few times per revision, in a process that lives seconds. V8's optimizing
// compiler (TurboFan) still recompiles what gets warm, on threads of their own: over 1,000
// one-statement revisions against PostgreSQL that was a quarter of the client's CPU (950 ms
// → 690 ms without it, medians of 5), in a run whose budget is psql's time on a machine of
// two cores, where the client's CPU is the server's too. Baseline code (Ignition, Sparkplug)
// is fast enough for work that waits; loading a 10,000-revision project took no longer.
// `--sql` and lint keep TurboFan: they are CPU-bound. The CLI always runs under Node, whose
// V8 flags may change after start-up (see lint/wasm-parser.ts for the same reasoning).
import { setFlagsFromString } from 'node:v8';

export function withoutOptimizingCompiler(): void {
  if (process.versions.electron === undefined) setFlagsFromString('--no-opt');
}

// `check`: the CI gate teams keep writing by hand. The graph loads and is valid; applied
// revisions were not edited afterwards; optionally a single head; with a database named,
// that database is exactly at the heads.
import { existsSync } from 'node:fs';
import { describeTarget } from '../../engine/dialects/registry.ts';
import { readHistory, readVersionRows } from '../../engine/dialects/strata-tables.ts';
import { appliedFromRows } from '../../engine/graph/plan.ts';
import { ProjectLoadError } from '../../engine/project/errors.ts';
import { checksumMismatches, compareWithHeads } from '../../engine/runner/checks.ts';
import { findConcurrentLeftovers } from '../../engine/runner/guarded.ts';
import { findInterrupted } from '../../engine/runner/interrupted/report.ts';
import type { Command } from '../command.ts';
import { openProject, resolveDatabase, tablesOf, withConnection } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { line, paint, printJson } from '../output.ts';

interface Finding {
  readonly check: 'graph' | 'single-head' | 'checksum' | 'at-heads' | 'interrupted' | 'leftovers' | 'database';
  readonly ok: boolean;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export const checkCommand: Command = {
  usage: 'strata check [--single-head] [--url URL] [--json]',
  options: ['single-head'],
  async run(ctx, values) {
    const findings: Finding[] = [];
    const report = (): typeof EXIT.ok | typeof EXIT.checkFailed => {
      const failed = findings.filter((f) => !f.ok);
      if (ctx.out.json) printJson(ctx.out, { ok: failed.length === 0, findings });
      else {
        for (const f of findings) {
          const where = f.file ? paint(ctx.out, 'gray', ` ${f.file}${f.line ? `:${f.line}` : ''}`) : '';
          line(ctx.out, `${f.ok ? paint(ctx.out, 'green', 'ok  ') : paint(ctx.out, 'red', 'FAIL')} ${f.check.padEnd(11)} ${f.message}${where}`);
        }
      }
      return failed.length === 0 ? EXIT.ok : EXIT.checkFailed;
    };
    let project;
    try {
      // The CI gate reads every file itself: it vouches for what is on disk, not for a cache.
      project = openProject(ctx, { cache: false });
    } catch (error) {
      if (!(error instanceof ProjectLoadError)) throw error;
      for (const p of error.problems) findings.push({ check: 'graph', ok: false, message: p.message, file: p.file, line: p.line });
      return report();
    }
    const { map } = project;
    findings.push({ check: 'graph', ok: true, message: `${map.order.length} revisions, ${map.heads.length} head${map.heads.length === 1 ? '' : 's'}, ${map.bases.length} base${map.bases.length === 1 ? '' : 's'}` });
    if (values['single-head'] === true) {
      findings.push(map.heads.length === 1 ? { check: 'single-head', ok: true, message: `one head: ${map.heads[0]}` } : { check: 'single-head', ok: false, message: `${map.heads.length} heads (${map.heads.join(', ')}): merge them with 'strata merge heads -m MSG'` });
    }
    const db = resolveDatabase(ctx, project);
    // The embedded default is checked only if it exists: check must not create a database.
    if (!db.explicit && db.target.dialect === 'sqlite' && !existsSync(db.target.path)) return report();
    try {
      await withConnection(db, async (conn) => {
        const rows = await readVersionRows(conn, tablesOf(project));
        const applied = appliedFromRows(map, rows);
        const history = await readHistory(conn, tablesOf(project));
        const mismatches = checksumMismatches(map, applied, history);
        for (const m of mismatches) {
          findings.push({ check: 'checksum', ok: false, message: `${m.revision} was edited after it was applied on ${m.appliedAt.toISOString()} to ${describeTarget(db.target)} (sha256 then ${m.applied.slice(0, 12)}…, now ${m.now.slice(0, 12)}…)`, file: m.file });
        }
        if (mismatches.length === 0) findings.push({ check: 'checksum', ok: true, message: `${applied.size} applied revision${applied.size === 1 ? '' : 's'} unchanged since applied` });
        // A revision cut off half way is neither applied nor pending: the gate fails on it.
        const interrupted = await findInterrupted(conn, map, tablesOf(project));
        for (const run of interrupted) {
          const progress = run.progress ? `, ${run.progress.done} of ${run.progress.total} statements done` : '';
          const busy = run.busy.length > 0 ? `; server process ${run.busy.map((b) => b.pid).join(', ')} still at work on it` : '';
          findings.push({ check: 'interrupted', ok: false, message: `${run.direction} ${run.revision} was interrupted (started ${run.startedAt.toISOString()} by ${run.user}@${run.host}${progress})${busy}: 'strata resolve ${run.revision}' shows what it left`, ...(run.file ? { file: run.file } : {}) });
        }
        if (interrupted.length === 0) findings.push({ check: 'interrupted', ok: true, message: 'no revision was interrupted half way' });
        if (db.explicit) {
          const heads = compareWithHeads(map, applied);
          findings.push(heads.atHeads ? { check: 'at-heads', ok: true, message: `${describeTarget(db.target)} is at the heads` } : { check: 'at-heads', ok: false, message: `${describeTarget(db.target)} is ${heads.pending} revision${heads.pending === 1 ? '' : 's'} behind (${heads.missing.join(', ')} not applied)` });
          if (conn.sql.name === 'postgres') {
            // Invalid indexes and half-done DETACHes cost on every write and break the next
            // run of the same statement: the gate names them, with the cleanup to run.
            const leftovers = await findConcurrentLeftovers(conn);
            for (const l of leftovers) findings.push({ check: 'leftovers', ok: false, message: `${l.reason}; clean up with: ${l.cleanup.join(' ')}` });
            if (leftovers.length === 0) findings.push({ check: 'leftovers', ok: true, message: 'no invalid indexes or pending detaches left by interrupted CONCURRENTLY commands' });
          }
        }
      });
    } catch (error) {
      findings.push({ check: 'database', ok: false, message: error instanceof Error ? error.message : String(error) });
    }
    return report();
  },
};

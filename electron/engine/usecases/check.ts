// Check: the CI gate teams keep writing by hand. The graph loads and is valid; applied
// revisions were not edited afterwards; optionally a single head; with a database named,
// that database is exactly at the heads. Every finding is data: the door prints it.
import { existsSync } from 'node:fs';
import { readHistory, readVersionRows } from '../dialects/strata-tables.ts';
import { appliedFromRows } from '../graph/plan.ts';
import { ProjectLoadError } from '../project/errors.ts';
import { checksumMismatches, compareWithHeads } from '../runner/checks.ts';
import { findConcurrentLeftovers } from '../runner/guarded.ts';
import { findInterrupted } from '../runner/interrupted/report.ts';
import { describeTarget, resolveDatabase, withConnection, type DatabaseRequest } from './database.ts';
import { openProject, tablesOf, type ProjectLocation } from './project.ts';

export interface CheckFinding {
  readonly check:
    'graph' | 'single-head' | 'checksum' | 'at-heads' | 'interrupted' | 'leftovers' | 'database' | 'drift';
  readonly ok: boolean;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export interface CheckRequest {
  readonly singleHead: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function checkProject(
  where: ProjectLocation,
  database: DatabaseRequest,
  request: CheckRequest,
): Promise<CheckFinding[]> {
  const findings: CheckFinding[] = [];
  let project;
  try {
    // The CI gate reads every file itself: it vouches for what is on disk, not for a cache.
    project = openProject(where, { cache: false });
  } catch (error) {
    if (!(error instanceof ProjectLoadError)) throw error;
    for (const p of error.problems)
      findings.push({ check: 'graph', ok: false, message: p.message, file: p.file, line: p.line });
    return findings;
  }
  const { map } = project;
  findings.push({
    check: 'graph',
    ok: true,
    message: `${map.order.length} revisions, ${plural(map.heads.length, 'head')}, ${plural(map.bases.length, 'base')}`,
  });
  if (request.singleHead) {
    findings.push(
      map.heads.length === 1
        ? { check: 'single-head', ok: true, message: `one head: ${map.heads[0]}` }
        : {
            check: 'single-head',
            ok: false,
            message: `${map.heads.length} heads (${map.heads.join(', ')}): merge them with 'strata merge heads -m MSG'`,
          },
    );
  }
  const db = resolveDatabase(database, project);
  // The embedded default is checked only if it exists: check must not create a database.
  if (!db.explicit && db.target.dialect === 'sqlite' && !existsSync(db.target.path)) return findings;
  const tables = tablesOf(project);
  try {
    await withConnection(db, async (conn) => {
      const rows = await readVersionRows(conn, tables);
      const applied = appliedFromRows(map, rows);
      const history = await readHistory(conn, tables);
      const mismatches = checksumMismatches(map, applied, history);
      for (const m of mismatches) {
        findings.push({
          check: 'checksum',
          ok: false,
          message:
            `${m.revision} was edited after it was applied on ${m.appliedAt.toISOString()} ` +
            `to ${describeTarget(db.target)} (sha256 then ${m.applied.slice(0, 12)}…, ` +
            `now ${m.now.slice(0, 12)}…)`,
          file: m.file,
        });
      }
      if (mismatches.length === 0)
        findings.push({
          check: 'checksum',
          ok: true,
          message: `${plural(applied.size, 'applied revision')} unchanged since applied`,
        });
      // A revision cut off half way is neither applied nor pending: the gate fails on it.
      const interrupted = await findInterrupted(conn, map, tables);
      for (const run of interrupted) {
        const progress = run.progress ? `, ${run.progress.done} of ${run.progress.total} statements done` : '';
        const busy =
          run.busy.length > 0 ? `; server process ${run.busy.map((b) => b.pid).join(', ')} still at work on it` : '';
        findings.push({
          check: 'interrupted',
          ok: false,
          message:
            `${run.direction} ${run.revision} was interrupted (started ${run.startedAt.toISOString()} by ` +
            `${run.user}@${run.host}${progress})${busy}: 'strata resolve ${run.revision}' shows what it left`,
          ...(run.file ? { file: run.file } : {}),
        });
      }
      if (interrupted.length === 0)
        findings.push({ check: 'interrupted', ok: true, message: 'no revision was interrupted half way' });
      if (db.explicit) {
        const heads = compareWithHeads(map, applied);
        findings.push(
          heads.atHeads
            ? { check: 'at-heads', ok: true, message: `${describeTarget(db.target)} is at the heads` }
            : {
                check: 'at-heads',
                ok: false,
                message:
                  `${describeTarget(db.target)} is ${plural(heads.pending, 'revision')} ` +
                  `behind (${heads.missing.join(', ')} not applied)`,
              },
        );
        if (conn.sql.name === 'postgres') {
          // Invalid indexes and half-done DETACHes cost on every write and break the next
          // run of the same statement: the gate names them, with the cleanup to run.
          const leftovers = await findConcurrentLeftovers(conn);
          for (const l of leftovers)
            findings.push({
              check: 'leftovers',
              ok: false,
              message: `${l.reason}; clean up with: ${l.cleanup.join(' ')}`,
            });
          if (leftovers.length === 0)
            findings.push({
              check: 'leftovers',
              ok: true,
              message: 'no invalid indexes or pending detaches left by interrupted CONCURRENTLY commands',
            });
        }
      }
    });
  } catch (error) {
    findings.push({ check: 'database', ok: false, message: error instanceof Error ? error.message : String(error) });
  }
  return findings;
}

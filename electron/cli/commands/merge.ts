// `merge` and `rebase`: joining heads. `merge` prints what the branches do and where they
// conflict before it writes anything, and refuses (exit 1) on a conflict unless told;
// `merge --check` is the same analysis for CI. `rebase` linearizes an unapplied branch.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { notableTouches, type MergeAnalysis, type PairAnalysis } from '../../../shared/model/merge.ts';
import { describeTarget, resolveDatabase } from '../../engine/usecases/database.ts';
import {
  createMergeRevision,
  linearize,
  previewLinearize,
  type LinearizePlan,
  type ShadowServer,
} from '../../engine/usecases/merge.ts';
import { analyzeMerge } from '../../engine/usecases/merge-analysis.ts';
import { openProject, type Project } from '../../engine/usecases/project.ts';
import { appliedOf, readDatabaseState } from '../../engine/usecases/state.ts';
import { listOption, stringOption, type Command } from '../command.ts';
import { databaseRequest, openProjectFor, projectLocation, withSqlIfAlembic, type CommandContext } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, note, paint, printJson, type Output } from '../output.ts';

/** PostgreSQL shadow databases go on the server of the command's database, when it names one. */
function shadowServer(ctx: CommandContext, project: Project): ShadowServer | undefined {
  if (project.config.dialect === 'sqlite') return { dialect: 'sqlite' };
  try {
    const db = resolveDatabase(databaseRequest(ctx), project);
    return db.target.dialect === 'postgres' ? { dialect: 'postgres', url: db.target.url } : undefined;
  } catch {
    return undefined;
  }
}

const VERDICT_TEXT = { conflict: 'CONFLICT', clean: 'no conflict', 'cannot-tell': 'cannot tell' } as const;

function printPair(out: Output, pair: PairAnalysis): void {
  const color = pair.verdict === 'conflict' ? 'red' : pair.verdict === 'clean' ? 'green' : 'yellow';
  line(out, `${paint(out, color, VERDICT_TEXT[pair.verdict])}: ${pair.heads.join(' ↔ ')}`);
  for (const c of pair.conflicts) {
    line(out, `  ${paint(out, 'red', c.rule)}  ${c.message}`);
    if (c.suggestion) line(out, paint(out, 'gray', `    suggestion: ${c.suggestion}`));
  }
  for (const o of pair.opaque)
    line(out, `  ${paint(out, 'yellow', 'unread')}  ${o.revision}, line ${o.line}: ${o.reason}`);
  if (pair.commute) line(out, paint(out, 'gray', `  shadow check: ${pair.commute.outcome}: ${pair.commute.detail}`));
}

function printBranches(out: Output, analysis: MergeAnalysis): void {
  line(out, `${analysis.heads.length} heads; fork point ${analysis.forkPoints.join(', ') || 'none (separate bases)'}`);
  for (const b of analysis.branches) {
    line(
      out,
      `${paint(out, 'yellow', b.head)}` +
        `${b.labels.length > 0 ? paint(out, 'magenta', ` (${b.labels.join(', ')})`) : ''}: ` +
        `${b.revisions.length} revision${b.revisions.length === 1 ? '' : 's'} since the fork point`,
    );
    for (const r of b.revisions) {
      const objects = [...new Set(notableTouches(r.footprint.touches).map((t) => `${t.action} ${t.kind} ${t.name}`))];
      line(
        out,
        `  ${r.id}  ${r.created ?? ''}  ${r.message}` +
          `${objects.length > 0 ? paint(out, 'gray', ` — ${objects.join(', ')}`) : ''}`,
      );
    }
  }
}

function printConflicts(out: Output, analysis: MergeAnalysis): void {
  for (const pair of analysis.pairs) printPair(out, pair);
}

export const mergeCommand: Command = {
  usage:
    'strata merge REV REV... -m MSG [--allow-conflicts] [--reconcile FILE]  (or: ' +
    'strata merge heads -m MSG; strata merge --check [REV...])',
  options: ['message', 'branch-label', 'allow-conflicts', 'check', 'reconcile'],
  async run(ctx, values, positionals) {
    const check = values.check === true;
    const message = stringOption(values, 'message');
    if (!check && !message?.trim()) throw new UsageError('merge needs a message: -m "merge billing into main"');
    // An Alembic project's branches are analyzed on the SQL its own alembic renders offline.
    const project = await withSqlIfAlembic(ctx, openProjectFor(ctx));
    if (check && project.map.heads.length < 2 && positionals.length === 0) {
      if (ctx.out.json) printJson(ctx.out, { verdict: 'clean', heads: project.map.heads, pairs: [] });
      else line(ctx.out, `one head (${project.map.heads.join('') || 'none'}): nothing to merge`);
      return EXIT.ok;
    }
    const analysis = await analyzeMerge(project, {
      heads: check ? positionals : positionals.length === 0 ? ['heads'] : positionals,
      shadow: shadowServer(ctx, project),
    });
    const conflicts = analysis.pairs.flatMap((p) => p.conflicts);
    if (check) {
      if (ctx.out.json) printJson(ctx.out, analysis);
      else {
        printBranches(ctx.out, analysis);
        printConflicts(ctx.out, analysis);
      }
      return analysis.verdict === 'conflict' ? EXIT.checkFailed : EXIT.ok;
    }
    if (!ctx.out.json) printConflicts(ctx.out, analysis);
    if (analysis.verdict === 'conflict' && values['allow-conflicts'] !== true) {
      if (ctx.out.json) printJson(ctx.out, { refused: true, verdict: analysis.verdict, conflicts });
      note(
        ctx.out,
        `merge refused: ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} between the branches; ` +
          `resolve them, or pass --allow-conflicts (with --reconcile FILE: SQL that reconciles them, ` +
          `run after both branches)`,
      );
      return EXIT.checkFailed;
    }
    const sqlFile = stringOption(values, 'reconcile');
    const upgradeSql = sqlFile === undefined ? undefined : readSql(resolve(ctx.cwd, sqlFile));
    const written = await createMergeRevision(project, {
      message: message as string,
      heads: analysis.heads,
      branchLabels: listOption(values, 'branch-label'),
      upgradeSql,
    });
    const { parents } = written;
    if (ctx.out.json)
      printJson(ctx.out, {
        revision: written.revision,
        file: written.file,
        parents,
        verdict: analysis.verdict,
        conflicts,
      });
    else
      line(
        ctx.out,
        `${paint(ctx.out, 'green', 'created')} merge ${paint(ctx.out, 'yellow', written.revision)} ` +
          `of ${parents.join(', ')}: ${relative(ctx.cwd, written.file)}`,
      );
    return EXIT.ok;
  },
};

function readSql(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--reconcile ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

function printPlan(out: Output, plan: LinearizePlan, written: boolean): void {
  line(
    out,
    `${written ? paint(out, 'green', 'rebased') : 'would rebase'} ${plan.moved.length} ` +
      `revision${plan.moved.length === 1 ? '' : 's'} of ` +
      `${paint(out, 'yellow', plan.branchHead)}'s branch onto ${paint(out, 'yellow', plan.onto)}`,
  );
  for (const c of plan.changes) {
    line(out, paint(out, 'bold', `--- ${c.file}`));
    line(out, paint(out, 'bold', `+++ ${c.file}`));
    for (const d of c.diff)
      line(out, d.kind === ' ' ? ` ${d.text}` : paint(out, d.kind === '-' ? 'red' : 'green', `${d.kind}${d.text}`));
  }
}

export const rebaseCommand: Command = {
  usage: 'strata rebase BRANCH_HEAD --onto REV [--dry-run] [--url URL] [--json]',
  options: ['onto', 'dry-run'],
  async run(ctx, values, positionals) {
    const head = positionals[0];
    const onto = stringOption(values, 'onto');
    if (head === undefined || positionals.length > 1 || onto === undefined)
      throw new UsageError('rebase takes a branch head and --onto: strata rebase BRANCH_HEAD --onto REV');
    const project = openProject(projectLocation(ctx));
    if (values['dry-run'] === true) {
      const plan = previewLinearize(project, head, onto);
      if (ctx.out.json)
        printJson(ctx.out, {
          written: false,
          branchHead: plan.branchHead,
          onto: plan.onto,
          moved: plan.moved,
          changes: plan.changes,
        });
      else printPlan(ctx.out, plan, false);
      return EXIT.ok;
    }
    const db = resolveDatabase(databaseRequest(ctx), project);
    const state = await readDatabaseState(db, project);
    const plan = linearize(project, head, onto, [{ database: describeTarget(db.target), applied: appliedOf(state) }]);
    if (ctx.out.json)
      printJson(ctx.out, {
        written: true,
        branchHead: plan.branchHead,
        onto: plan.onto,
        moved: plan.moved,
        changes: plan.changes,
      });
    else printPlan(ctx.out, plan, true);
    return EXIT.ok;
  },
};

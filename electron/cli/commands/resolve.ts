// `resolve`: what an interrupted `transactional false` revision left, and the way out a person
// picks: --mark-applied, --rollback (runs exactly the SQL shown) or --rerun.
import { describeTarget, resolveDatabase } from '../../engine/usecases/database.ts';
import { openProject } from '../../engine/usecases/project.ts';
import { interruptedRuns, resolveRun, revisionToResolve, type ResolveAction } from '../../engine/usecases/resolve.ts';
import { interruptedInfo } from '../../engine/usecases/state.ts';
import type { Command } from '../command.ts';
import { databaseRequest, projectLocation } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { printInterrupted } from '../interrupted.ts';
import { line, note, paint, printJson } from '../output.ts';
import { runLockOptions } from '../run-lock.ts';

const ACTIONS: readonly ResolveAction[] = ['mark-applied', 'rollback', 'rerun'];

export const resolveCommand: Command = {
  usage: 'strata resolve [REV] [--mark-applied | --rollback | --rerun] [--url URL] [--lock-wait 30s] [--json]',
  options: ['mark-applied', 'rollback', 'rerun', 'lock-wait'],
  async run(ctx, values, positionals) {
    const chosen = ACTIONS.filter((a) => values[a] === true);
    if (chosen.length > 1) throw new UsageError(`choose one way out: ${chosen.map((a) => `--${a}`).join(' or ')}`);
    if (positionals.length > 1) throw new UsageError('resolve takes one revision: strata resolve REV --rollback');
    const project = openProject(projectLocation(ctx));
    const db = resolveDatabase(databaseRequest(ctx), project);
    const wanted = positionals[0];
    const action = chosen[0];
    if (action === undefined) {
      // Without a way out: the report alone, changing nothing.
      const runs = await interruptedRuns(db, project);
      const shown = wanted === undefined ? runs : runs.filter((r) => r.revision.startsWith(wanted));
      if (ctx.out.json) printJson(ctx.out, { database: describeTarget(db.target), interrupted: shown });
      else if (shown.length === 0)
        line(
          ctx.out,
          `${describeTarget(db.target)}: ` +
            `${wanted === undefined ? 'no interrupted revisions' : `${wanted} has no interrupted run`}`,
        );
      else printInterrupted({ ...ctx.out, stderr: ctx.out.stdout }, shown);
      return EXIT.ok;
    }
    if (wanted === undefined) throw new UsageError(`--${action} needs the revision: strata resolve REV --${action}`);
    // A revision whose file is gone can still be resolved, by its full id.
    const revision = revisionToResolve(project.map, wanted);
    const result = await resolveRun(db, project, revision, action, {
      lock: runLockOptions(ctx, values),
      onStatement: (sql) => {
        if (!ctx.out.json) note(ctx.out, paint(ctx.out, 'gray', `running: ${sql};`));
      },
    });
    if (ctx.out.json) {
      printJson(ctx.out, {
        database: describeTarget(db.target),
        revision,
        action,
        ran: result.ran,
        rows: result.rows,
        interrupted: interruptedInfo(result.run),
      });
      return EXIT.ok;
    }
    const at = result.rows.join(', ') || 'base';
    const next = result.run.direction === 'upgrade' ? 'upgrade' : 'downgrade';
    if (action === 'mark-applied')
      line(
        ctx.out,
        `${paint(ctx.out, 'green', 'marked applied')}: ${result.run.direction} ${revision}; ` +
          `${describeTarget(db.target)} is now at ${at}`,
      );
    else if (action === 'rollback')
      line(
        ctx.out,
        `${paint(ctx.out, 'green', 'rolled back')} what ${revision} left (${result.ran.length} ` +
          `statement${result.ran.length === 1 ? '' : 's'}); the next ${next} runs it from its first statement`,
      );
    else
      line(
        ctx.out,
        `${paint(ctx.out, 'green', 'resolved')}: ` +
          `the next ${next} runs ${revision} again from its first statement; the database was left as it is`,
      );
    return EXIT.ok;
  },
};

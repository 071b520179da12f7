// `rehearse`: run the upgrade plan to TARGET on PostgreSQL inside one transaction that is
// rolled back, and show per statement the locks the analyzer predicted next to the locks
// PostgreSQL took (read from a second session), whether a table was rewritten, and the time.
// A difference is an analyzer bug. With --url the database is that one; the rehearsal takes
// the real locks for a moment, so point it at staging or a copy, not at a busy primary.
// Exit code: 1 when an analyzer bug or a failed statement was found, else 0.
import { describeTarget, resolveDatabase } from '../../engine/usecases/database.ts';
import { impactLines, measureLiveImpact } from '../../engine/usecases/lint.ts';
import { openProject } from '../../engine/usecases/project.ts';
import { formatRehearsal, rehearseUpgrade } from '../../engine/usecases/rehearse.ts';
import { stringOption, type Command } from '../command.ts';
import { databaseRequest, projectLocation } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint, printJson } from '../output.ts';

export const rehearseCommand: Command = {
  usage: 'strata rehearse TARGET [--url URL] [--lock-timeout 5s] [--json]',
  options: ['lock-timeout'],
  async run(ctx, values, positionals) {
    const target = positionals[0];
    if (target === undefined || positionals.length > 1)
      throw new UsageError('rehearse takes one target: strata rehearse heads');
    const project = openProject(projectLocation(ctx));
    const db = resolveDatabase(databaseRequest(ctx), project);
    if (db.target.dialect !== 'postgres')
      throw new UsageError(`rehearse runs on PostgreSQL; ${describeTarget(db.target)} is not`);
    const url = db.target.url;
    const lockTimeout = stringOption(values, 'lock-timeout');
    const { steps: plan, result } = await rehearseUpgrade(
      db,
      url,
      project,
      target,
      lockTimeout !== undefined ? { lockTimeout } : {},
    );
    const statements = result.statements.map((s) => ({
      statement: s.sql,
      locks: s.predicted.locks,
      rewrites: s.predicted.rewrites,
      scans: s.predicted.scans,
    }));
    const impact = await measureLiveImpact(url, statements);
    if (ctx.out.json) {
      printJson(ctx.out, { ...result, database: describeTarget(db.target), impact });
    } else {
      line(
        ctx.out,
        paint(
          ctx.out,
          'gray',
          `${describeTarget(db.target)} (PostgreSQL ${result.serverVersion}): ` +
            `${plan.length} step${plan.length === 1 ? '' : 's'} to ${target}, ` +
            `rehearsed in one transaction and rolled back`,
        ),
      );
      for (const l of formatRehearsal(result)) {
        const color =
          l.startsWith('analyzer bug') || l.startsWith('failed')
            ? 'red'
            : l.startsWith('not rehearsable')
              ? 'yellow'
              : undefined;
        line(ctx.out, color ? paint(ctx.out, color, l) : l);
      }
      if (impact.relations.length > 0) {
        line(ctx.out, paint(ctx.out, 'bold', 'live impact'));
        for (const l of impactLines(impact.relations)) line(ctx.out, `  ${l}`);
        line(ctx.out, paint(ctx.out, 'gray', `  estimates: ${impact.calibration.method}`));
      }
    }
    return result.analyzerBugs.length > 0 || result.failed > 0 ? EXIT.checkFailed : EXIT.ok;
  },
};

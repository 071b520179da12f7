// Commands that write files or version rows: init, revision, stamp (merge: merge.ts).
import { relative, resolve } from 'node:path';
import { describeTarget, resolveDatabase } from '../../engine/usecases/database.ts';
import { openProject } from '../../engine/usecases/project.ts';
import { runThroughAlembic } from './alembic.ts';
import {
  createProject,
  createRevision,
  DOWNGRADE_PLACEHOLDER,
  UPGRADE_PLACEHOLDER,
} from '../../engine/usecases/revisions.ts';
import { stampDatabase } from '../../engine/usecases/stamp.ts';
import { listOption, stringOption, type Command } from '../command.ts';
import { databaseRequest, projectLocation } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint, printJson } from '../output.ts';
import { runLockOptions } from '../run-lock.ts';

export const initCommand: Command = {
  usage: 'strata init [DIR] [--dialect sqlite|postgres]',
  options: ['dialect'],
  async run(ctx, values, positionals) {
    const dir = resolve(ctx.cwd, positionals[0] ?? ctx.options.project ?? '.');
    const dialect = stringOption(values, 'dialect') ?? 'sqlite';
    if (dialect !== 'sqlite' && dialect !== 'postgres')
      throw new UsageError(`--dialect is sqlite or postgres, not '${dialect}'`);
    const written = createProject(dir, dialect);
    if (ctx.out.json) printJson(ctx.out, { written });
    else for (const w of written) line(ctx.out, `${paint(ctx.out, 'green', 'created')} ${relative(ctx.cwd, w) || w}`);
    return EXIT.ok;
  },
};

const AUTOGENERATE_ONLY = ['rename', 'rename-table', 'shadow-url'];

export const revisionCommand: Command = {
  usage: [
    'strata revision -m MSG [--parent REV|base ...] [--branch-label L] [--depends-on REV] [--non-transactional]',
    '       strata revision --autogenerate -m MSG [--url URL] [--rename T.OLD=NEW ...] [--rename-table OLD=NEW ...]',
    '                       [--shadow-url URL] [--json]',
  ].join('\n'),
  options: [
    'message',
    'parent',
    'branch-label',
    'depends-on',
    'non-transactional',
    'autogenerate',
    ...AUTOGENERATE_ONLY,
  ],
  async run(ctx, values) {
    const message = stringOption(values, 'message');
    if (!message?.trim()) throw new UsageError('revision needs a message: -m "add invoices table"');
    // Loaded only here: the diff, the shadow databases and the linter are not every revision's cost.
    if (values.autogenerate === true) return (await import('./autogen.ts')).autogenerateRevision(ctx, values, message);
    const stray = AUTOGENERATE_ONLY.filter((o) => values[o] !== undefined);
    if (stray.length > 0) {
      throw new UsageError(
        `${stray.map((o) => `--${o}`).join(', ')} go${stray.length === 1 ? 'es' : ''} with --autogenerate`,
      );
    }
    const written = createRevision(openProject(projectLocation(ctx)), {
      message,
      parents: listOption(values, 'parent'),
      branchLabels: listOption(values, 'branch-label'),
      dependsOn: listOption(values, 'depends-on'),
      transactional: values['non-transactional'] !== true,
      upgradeSql: UPGRADE_PLACEHOLDER,
      downgradeSql: DOWNGRADE_PLACEHOLDER,
    });
    const { parents } = written;
    if (ctx.out.json) printJson(ctx.out, { revision: written.revision, file: written.file, parents });
    else
      line(
        ctx.out,
        `${paint(ctx.out, 'green', 'created')} ${paint(ctx.out, 'yellow', written.revision)} ` +
          relative(ctx.cwd, written.file) +
          paint(ctx.out, 'gray', parents.length > 0 ? ` (on ${parents.join(', ')})` : ' (a new base)'),
      );
    return EXIT.ok;
  },
};

export const stampCommand: Command = {
  usage: 'strata stamp TARGET [--purge] [--url URL] [--lock-wait 10min] [--json]',
  options: ['purge', 'lock-wait'],
  async run(ctx, values, positionals) {
    const target = positionals[0];
    if (target === undefined || positionals.length > 1)
      throw new UsageError('stamp takes one target: strata stamp heads');
    const project = openProject(projectLocation(ctx));
    if (project.alembic)
      return runThroughAlembic(ctx, project, ['stamp', target, ...(values.purge === true ? ['--purge'] : [])]);
    const db = resolveDatabase(databaseRequest(ctx), project);
    const result = await stampDatabase(db, project, target, values.purge === true, runLockOptions(ctx, values));
    if (ctx.out.json) printJson(ctx.out, { database: describeTarget(db.target), ...result });
    else
      line(
        ctx.out,
        `${describeTarget(db.target)}: ${result.before.join(', ') || 'base'} → ` +
          `${paint(ctx.out, 'yellow', result.after.join(', ') || 'base')}`,
      );
    return EXIT.ok;
  },
};

// Read-only commands on the graph and the database: heads, history, show, current.
import type { RevisionId } from '../../../shared/model/revision.ts';
import { describeTarget, notCreatedYet, resolveDatabase } from '../../engine/usecases/database.ts';
import { resolveRevision, revisionRange } from '../../engine/usecases/plan.ts';
import {
  appliedOf,
  compareWithHeads,
  interruptedInfo,
  readCurrentRows,
  readDatabaseState,
} from '../../engine/usecases/state.ts';
import { flags, stringOption, summarize, type Command } from '../command.ts';
import { databaseRequest, openProjectFor, withSqlIfAlembic } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { printInterrupted } from '../interrupted.ts';
import { formatMs, line, paint, printJson, table } from '../output.ts';

export const headsCommand: Command = {
  usage: 'strata heads [--json]',
  options: [],
  async run(ctx) {
    const { map } = openProjectFor(ctx);
    const heads = map.heads.map((h) => summarize(map, h));
    if (ctx.out.json) printJson(ctx.out, heads);
    else {
      for (const row of table(heads.map((h) => [paint(ctx.out, 'yellow', h.revision), flags(ctx.out, h), h.message])))
        line(ctx.out, row);
      if (heads.length > 1)
        line(
          ctx.out,
          paint(
            ctx.out,
            'gray',
            `${heads.length} heads: 'strata merge ` +
              `${heads.map((h) => h.revision.slice(0, 8)).join(' ')} -m MSG' joins them`,
          ),
        );
    }
    return EXIT.ok;
  },
};

export const historyCommand: Command = {
  usage: 'strata history [-r A:B] [--json]',
  options: ['rev-range'],
  async run(ctx, values) {
    const project = openProjectFor(ctx);
    const { map } = project;
    const range = stringOption(values, 'rev-range');
    const currentRows = (): Promise<RevisionId[]> =>
      readCurrentRows(resolveDatabase(databaseRequest(ctx), project), project);
    const selected = range === undefined ? new Set(map.order) : await revisionRange(map, range, '-r', currentRows);
    const ids = map.sortForUpgrade(selected).reverse();
    const rows = ids.map((id) => summarize(map, id));
    if (ctx.out.json) {
      printJson(ctx.out, rows);
      return EXIT.ok;
    }
    for (const r of rows) {
      const parents = r.parents.length === 0 ? '<base>' : r.parents.join(', ');
      const f = flags(ctx.out, r);
      line(
        ctx.out,
        `${paint(ctx.out, 'gray', parents)} -> ${paint(ctx.out, 'yellow', r.revision)}${f ? ' ' + f : ''}, ` +
          `${r.message}`,
      );
    }
    return EXIT.ok;
  },
};

export const showCommand: Command = {
  usage: 'strata show REV [--json]',
  options: [],
  async run(ctx, _values, positionals) {
    const ref = positionals[0];
    if (ref === undefined || positionals.length > 1) throw new UsageError('show takes one revision: strata show REV');
    const { map, alembic } = await withSqlIfAlembic(ctx, openProjectFor(ctx));
    const id = resolveRevision(map, ref);
    const r = map.get(id);
    const s = summarize(map, id);
    const children = map.childrenOf(id);
    if (ctx.out.json) {
      printJson(ctx.out, {
        ...s,
        children,
        checksum: r.checksum,
        upgradeSql: r.upgradeSql,
        downgradeSql: r.downgradeSql ?? null,
      });
      return EXIT.ok;
    }
    const rows: string[][] = [
      ['Revision', paint(ctx.out, 'yellow', r.id) + (flags(ctx.out, s) ? ' ' + flags(ctx.out, s) : '')],
      ['Message', r.message],
      ['Parents', r.parents.join(', ') || '<base>'],
      ['Children', children.join(', ') || '-'],
    ];
    if (r.dependsOn.length > 0) rows.push(['Depends on', r.dependsOn.join(', ')]);
    if (s.branchLabels.length > 0) rows.push(['Branch labels', s.branchLabels.join(', ')]);
    if (r.created) rows.push(['Created', r.created]);
    if (!alembic) rows.push(['Transactional', r.transactional ? 'yes' : 'no (runs outside a transaction)']);
    rows.push(['File', r.file], ['Checksum', r.checksum]);
    if (alembic)
      rows.push([
        'SQL',
        alembic.hasSql ? 'rendered by alembic, offline (upgrade heads --sql)' : 'not rendered (see the warning above)',
      ]);
    for (const row of table(rows.map(([k, v]) => [paint(ctx.out, 'bold', `${k}:`), v as string]))) line(ctx.out, row);
    line(ctx.out);
    line(ctx.out, paint(ctx.out, 'cyan', '-- upgrade'));
    line(ctx.out, r.upgradeSql.trimEnd());
    line(ctx.out);
    line(ctx.out, paint(ctx.out, 'cyan', '-- downgrade'));
    line(
      ctx.out,
      r.downgradeSql === undefined
        ? paint(ctx.out, 'red', '(no downgrade section: this revision cannot be taken back)')
        : r.downgradeSql.trimEnd(),
    );
    return EXIT.ok;
  },
};

export const currentCommand: Command = {
  usage: 'strata current [--url URL] [--check-heads] [--json]',
  options: ['check-heads'],
  async run(ctx, values) {
    const project = openProjectFor(ctx);
    const { map } = project;
    const db = resolveDatabase(databaseRequest(ctx), project);
    // A SQLite file not created yet has nothing applied; reading it must not create it.
    const missing = notCreatedYet(db.target);
    const state = await readDatabaseState(db, project, { withHistory: true });
    const { rows, history } = state;
    const interrupted = state.interrupted.map(interruptedInfo);
    const applied = appliedOf(state);
    const heads = compareWithHeads(map, applied);
    const lastRun = new Map(history.filter((h) => h.outcome === 'applied').map((h) => [h.revision, h]));
    if (ctx.out.json) {
      printJson(ctx.out, {
        database: describeTarget(db.target),
        current: rows.map((id) => ({
          ...summarize(map, id as RevisionId),
          appliedAt: lastRun.get(id)?.startedAt.toISOString() ?? null,
        })),
        applied: applied.size,
        atHeads: heads.atHeads,
        pending: heads.pending,
        missingHeads: heads.missing,
        interrupted,
      });
    } else {
      line(
        ctx.out,
        paint(
          ctx.out,
          'gray',
          `database: ${describeTarget(db.target)}` +
            `${missing ? ' (no database file yet: the first upgrade creates it)' : ''}`,
        ),
      );
      if (rows.length === 0) line(ctx.out, '<base> (nothing applied)');
      const cells = rows.map((id) => {
        const s = summarize(map, id as RevisionId);
        const run = lastRun.get(id);
        return [
          paint(ctx.out, 'yellow', s.revision),
          flags(ctx.out, s),
          s.message,
          run
            ? paint(
                ctx.out,
                'gray',
                `${run.startedAt.toISOString()}${run.durationMs !== null ? ' ' + formatMs(run.durationMs) : ''}`,
              )
            : '',
        ];
      });
      for (const row of table(cells)) line(ctx.out, row);
      line(
        ctx.out,
        heads.atHeads
          ? paint(ctx.out, 'green', 'at heads')
          : paint(
              ctx.out,
              'yellow',
              `${heads.pending} revision${heads.pending === 1 ? '' : 's'} pending to reach ${heads.missing.join(', ')}`,
            ),
      );
      printInterrupted(ctx.out, interrupted);
    }
    return values['check-heads'] === true && (!heads.atHeads || interrupted.length > 0) ? EXIT.checkFailed : EXIT.ok;
  },
};

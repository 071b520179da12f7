// upgrade / downgrade: online through the runner, or --sql as one offline script.
import type { Direction } from '../../../shared/model/revision.ts';
import { describeTarget, notCreatedYet, resolveDatabase, type Connection } from '../../engine/usecases/database.ts';
import { offlineScript } from '../../engine/usecases/offline.ts';
import { planSteps } from '../../engine/usecases/plan.ts';
import { isAlembicProject, openProject, openProjectConfig, projectDirOf } from '../../engine/usecases/project.ts';
import { runThroughAlembic } from './alembic.ts';
import { runToTarget, type GuardOptions, type Leftover, type RunEvent } from '../../engine/usecases/run.ts';
import { durationOption, stringOption, type Command, type OptionValues } from '../command.ts';
import { databaseRequest, openProjectFor, projectLocation, type CommandContext } from '../context.ts';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.ts';
import { formatMs, line, note, paint, printJson } from '../output.ts';
import { startProgress } from '../progress.ts';
import { waitingText } from '../run-lock.ts';
import { withoutOptimizingCompiler } from '../short-run.ts';

function runOptions(values: OptionValues): {
  lockTimeout: string | undefined;
  statementTimeout: string | undefined;
  single: boolean;
  retries: number | undefined;
} {
  const retries = stringOption(values, 'retries');
  if (retries !== undefined && !/^\d{1,2}$/.test(retries))
    throw new UsageError(`--retries is a number of retries (0-99), not '${retries}'`);
  return {
    lockTimeout: stringOption(values, 'lock-timeout'),
    statementTimeout: stringOption(values, 'statement-timeout'),
    single: values['single-transaction'] === true,
    retries: retries === undefined ? undefined : Number(retries),
  };
}

/**
 * --retries N: a guarded run (PostgreSQL). Every statement waits at most --lock-timeout for
 * its lock; a revision that gives up is rolled back and run again, N times at most, while a
 * second session reports who holds the lock it waits for.
 */
function guardOf(opts: ReturnType<typeof runOptions>, url: string | undefined): GuardOptions | undefined {
  if (opts.retries === undefined) return undefined;
  if (url === undefined) throw new UsageError('--retries is for PostgreSQL, where statements queue for table locks');
  if (opts.lockTimeout === undefined)
    throw new UsageError(
      '--retries needs --lock-timeout: how long a statement may wait for its lock before the revision is retried',
    );
  return { lockTimeout: opts.lockTimeout, retries: opts.retries, watchUrl: url };
}

function blockerText(b: {
  pid: number;
  state: string | null;
  query: string | null;
  xactAgeSeconds: number | null;
  application: string | null;
}): string {
  const age = b.xactAgeSeconds !== null ? `, in a transaction for ${Math.round(b.xactAgeSeconds)} s` : '';
  return (
    `pid ${b.pid}${b.application ? ` (${b.application})` : ''} ` +
    `${b.state ?? ''}${age}${b.query ? `: ${b.query.replace(/\s+/g, ' ').slice(0, 80)}` : ''}`
  );
}

/** What interrupted CONCURRENTLY commands left behind: named, with the SQL, never run for you. */
function printLeftovers(ctx: CommandContext, leftovers: readonly Pick<Leftover, 'reason' | 'cleanup'>[]): void {
  if (leftovers.length === 0) return;
  note(
    ctx.out,
    paint(
      ctx.out,
      'yellow',
      `left behind by an interrupted CONCURRENTLY command (${leftovers.length}); ` +
        `Strata does not run the cleanup itself:`,
    ),
  );
  for (const l of leftovers) {
    note(ctx.out, `  ${l.reason}`);
    for (const sql of l.cleanup) note(ctx.out, `    ${sql}`);
  }
}

async function run(
  direction: Direction,
  ctx: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
): Promise<ExitCode> {
  const target = positionals[0];
  if (target === undefined || positionals.length > 1)
    throw new UsageError(
      `${direction} takes one target: strata ${direction} ${direction === 'upgrade' ? 'heads' : '-1'}`,
    );
  // Online on PostgreSQL, the connection (loading pg, TCP, authentication) is under way while
  // the revision files load: time psql never spends, so it is spent in parallel. SQLite opens
  // after the load, so that a broken project never creates a database file.
  if (isAlembicProject(projectDirOf(projectLocation(ctx)))) {
    const project = openProjectFor(ctx);
    const opts = runOptions(values);
    return runThroughAlembic(ctx, project, [direction, target, ...(values.sql === true ? ['--sql'] : [])], {
      direction,
      target,
      lockTimeout: opts.lockTimeout,
      retries: opts.retries,
    });
  }
  const online = values.sql !== true && !target.includes(':');
  if (online) withoutOptimizingCompiler();
  const head = online ? openProjectConfig(projectLocation(ctx)) : undefined;
  const db = head ? resolveDatabase(databaseRequest(ctx), head) : undefined;
  let connecting = db?.target.dialect === 'postgres' ? db.open() : undefined;
  let project;
  try {
    project = openProject(projectLocation(ctx));
  } catch (error) {
    void connecting?.then((c) => c.close()).catch(() => {});
    throw error;
  }
  const { map } = project;
  const opts = runOptions(values);
  const settings = { lockTimeout: opts.lockTimeout, statementTimeout: opts.statementTimeout };

  if (values.sql === true) {
    const script = offlineScript(project, { direction, target, singleTransaction: opts.single, settings });
    ctx.out.stdout.write(script);
    return EXIT.ok;
  }
  if (target.includes(':') || !db)
    throw new UsageError(
      `a FROM:TO range is for --sql; online, ` +
        `the database says where it is (strata ${direction} ${target.split(':')[1] || 'heads'})`,
    );
  if (direction === 'downgrade' && notCreatedYet(db.target)) {
    // Nothing is applied where there is no database: planned as on an empty one (the same
    // errors for `-1`), and no file is created for it.
    const steps = planSteps(map, direction, target, new Set());
    if (ctx.out.json)
      printJson(ctx.out, {
        database: describeTarget(db.target),
        steps,
        applied: 0,
        skipped: 0,
        durationMs: 0,
        rows: [],
        events: [],
      });
    else
      line(ctx.out, paint(ctx.out, 'gray', `${describeTarget(db.target)}: no database file yet: nothing to take back`));
    return EXIT.ok;
  }

  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    note(
      ctx.out,
      paint(ctx.out, 'yellow', '\ncancelling: rolling back the revision in flight (Ctrl-C again to quit at once)'),
    );
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = startProgress(ctx.out);
  const events: RunEvent[] = [];
  const onEvent = (event: RunEvent): void => {
    if (ctx.out.json) {
      if (event.type !== 'statement-start' && event.type !== 'statement-end') events.push(event);
      return;
    }
    switch (event.type) {
      case 'lock-wait':
        if (event.blockers && event.blockers.length > 0) {
          progress.clear();
          note(
            ctx.out,
            paint(
              ctx.out,
              'yellow',
              `line ${event.line ?? '?'} of ${event.revision ?? '?'} waits for a ` +
                `table lock held by ${event.blockers.map(blockerText).join('; ')}`,
            ),
          );
        } else note(ctx.out, paint(ctx.out, 'yellow', waitingText(event.holder)));
        break;
      case 'lock-retry':
        progress.clear();
        note(
          ctx.out,
          paint(
            ctx.out,
            'yellow',
            `${event.revision} line ${event.line}: no lock within the lock_timeout, rolled back; ` +
              `retry ${event.attempt} of ${event.retries} in ${formatMs(event.delayMs)}`,
          ),
        );
        break;
      case 'plan':
        line(
          ctx.out,
          paint(
            ctx.out,
            'gray',
            `${describeTarget(db.target)}: ` +
              (event.steps.length === 0
                ? 'nothing to do'
                : `${event.steps.length} step${event.steps.length === 1 ? '' : 's'} to ${direction} ${target}`),
          ),
        );
        progress.total(event.steps.length);
        break;
      case 'step-start':
        progress.step(event.index, `${event.direction} ${event.revision} ${event.message}`);
        break;
      case 'statement-start':
        progress.detail(`line ${event.line}: ${event.sql.split('\n')[0]?.slice(0, 60) ?? ''}`);
        break;
      case 'step-end': {
        const mark = event.outcome === 'applied' ? paint(ctx.out, 'green', '✓') : paint(ctx.out, 'gray', '=');
        const rev = map.get(event.revision);
        progress.clear();
        const took = event.outcome === 'skipped' ? 'already done by another run' : formatMs(event.durationMs);
        line(
          ctx.out,
          `${mark} ${event.direction.padEnd(9)} ${paint(ctx.out, 'yellow', event.revision)}  ${rev.message}  ` +
            paint(ctx.out, 'gray', took),
        );
        break;
      }
      case 'done':
        progress.clear();
        if (event.applied + event.skipped > 0)
          line(
            ctx.out,
            paint(ctx.out, 'gray', `done in ${formatMs(event.durationMs)}; now at ${event.rows.join(', ') || 'base'}`),
          );
        break;
      default:
        break;
    }
  };
  let conn: Connection | undefined;
  try {
    const guard = guardOf(opts, db.target.dialect === 'postgres' ? db.target.url : undefined);
    connecting ??= db.open();
    conn = await connecting;
    const result = await runToTarget(conn, project, {
      direction,
      target,
      singleTransaction: opts.single,
      settings,
      signal: controller.signal,
      onEvent,
      lockWaitMs: durationOption(values, 'lock-wait'),
      guard,
      // A failed or cancelled CREATE INDEX CONCURRENTLY (or REINDEX, DETACH) leaves objects
      // behind that the next run trips over: say which, and how to clean them up.
      onFailure: (failure) => printLeftovers(ctx, failure.leftovers),
    });
    if (ctx.out.json) printJson(ctx.out, { database: describeTarget(db.target), ...result, events });
    return EXIT.ok;
  } finally {
    if (conn) await conn.close();
    else void connecting?.then((c) => c.close()).catch(() => {});
    progress.stop();
    process.off('SIGINT', onSigint);
  }
}

const runFlags = ['sql', 'single-transaction', 'lock-timeout', 'statement-timeout', 'retries', 'lock-wait'];

export const upgradeCommand: Command = {
  usage:
    'strata upgrade TARGET [--url URL] [--sql] [--single-transaction] ' +
    '[--lock-timeout 5s [--retries N]] [--statement-timeout 1min] [--lock-wait 10min] [--json]',
  options: runFlags,
  run: (ctx, values, positionals) => run('upgrade', ctx, values, positionals),
};

export const downgradeCommand: Command = {
  usage:
    'strata downgrade TARGET [--url URL] [--sql] [--single-transaction] ' +
    '[--lock-timeout 5s [--retries N]] [--statement-timeout 1min] [--lock-wait 10min] [--json]',
  options: runFlags,
  run: (ctx, values, positionals) => run('downgrade', ctx, values, positionals),
};

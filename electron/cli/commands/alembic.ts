// upgrade, downgrade and stamp of an Alembic project: alembic itself does them (it alone
// writes its version table), with the target syntax the user already knows; its output
// streams through as it comes, and Ctrl-C stops it. Around an online upgrade or downgrade,
// strata's guard rails: the plan first (from alembic_version, read only), a lock_timeout where
// the driver takes one (said when it does not), and retries of a run that hit it.
import type { Direction } from '../../../shared/model/revision.ts';
import { planAlembicRun, runAlembicGuarded, type Project } from '../../engine/usecases/alembic.ts';
import { databaseRequest, type CommandContext } from '../context.ts';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.ts';
import { formatMs, note, paint } from '../output.ts';

export interface AlembicRunGuard {
  readonly direction: Direction;
  readonly target: string;
  readonly lockTimeout: string | undefined;
  readonly retries: number | undefined;
}

async function printPlan(ctx: CommandContext, project: Project, guard: AlembicRunGuard): Promise<void> {
  try {
    const { database, steps } = await planAlembicRun(project, databaseRequest(ctx), guard.direction, guard.target);
    note(
      ctx.out,
      paint(
        ctx.out,
        'gray',
        `${database}: ` +
          (steps.length === 0
            ? 'nothing to do'
            : `${steps.length} step${steps.length === 1 ? '' : 's'} to ${guard.direction} ${guard.target}`),
      ),
    );
    for (const s of steps)
      note(
        ctx.out,
        `  ${s.direction.padEnd(9)} ${paint(ctx.out, 'yellow', s.revision)}  ${project.map.get(s.revision).message}`,
      );
  } catch (error) {
    // The plan is shown where strata can read the database; where it cannot, alembic still decides.
    note(
      ctx.out,
      paint(
        ctx.out,
        'yellow',
        `plan not shown: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      ),
    );
  }
}

export async function runThroughAlembic(
  ctx: CommandContext,
  project: Project,
  args: readonly string[],
  guard?: AlembicRunGuard,
): Promise<ExitCode> {
  if (ctx.options.url !== undefined)
    throw new UsageError(
      '--url is not passed to alembic: in an Alembic project, ' +
        'env.py (sqlalchemy.url, or what it reads) names the database',
    );
  if (ctx.out.json) throw new UsageError('--json: alembic prints its own output; run it without --json');
  if (guard?.retries !== undefined && guard.lockTimeout === undefined)
    throw new UsageError('--retries needs --lock-timeout: how long a statement may wait for its lock');
  const offline = args.includes('--sql');
  if (guard && !offline) await printPlan(ctx, project, guard);
  if (!offline) note(ctx.out, paint(ctx.out, 'gray', `running: alembic ${args.join(' ')} (in ${project.dir})`));
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    note(ctx.out, paint(ctx.out, 'yellow', '\ncancelling alembic (Ctrl-C again to quit at once)'));
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    await runAlembicGuarded(project, args, {
      env: ctx.env,
      signal: controller.signal,
      lockTimeout: offline ? undefined : guard?.lockTimeout,
      retries: guard?.retries,
      onNotApplied: (why) => note(ctx.out, paint(ctx.out, 'yellow', `warning: ${why}`)),
      onRetry: (attempt, delayMs) =>
        note(
          ctx.out,
          paint(
            ctx.out,
            'yellow',
            `a statement gave up waiting for its lock (lock_timeout ${guard?.lockTimeout}); alembic rolled it back: ` +
              `retry ${attempt} of ${guard?.retries} in ${formatMs(delayMs)}`,
          ),
        ),
      onOutput: (chunk, stream) => (stream === 'stdout' ? ctx.out.stdout : ctx.out.stderr).write(chunk),
    });
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

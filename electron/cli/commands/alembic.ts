// upgrade, downgrade and stamp of an Alembic project: alembic itself does them (it alone
// writes its version table), with the target syntax the user already knows; its output
// streams through as it comes, and Ctrl-C stops it.
import { alembicCommand, type Project } from '../../engine/usecases/alembic.ts';
import type { CommandContext } from '../context.ts';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.ts';
import { note, paint } from '../output.ts';

export async function runThroughAlembic(
  ctx: CommandContext,
  project: Project,
  args: readonly string[],
): Promise<ExitCode> {
  if (ctx.options.url !== undefined)
    throw new UsageError(
      '--url is not passed to alembic: in an Alembic project, ' +
        'env.py (sqlalchemy.url, or what it reads) names the database',
    );
  if (ctx.out.json) throw new UsageError('--json: alembic prints its own output; run it without --json');
  const offline = args.includes('--sql');
  if (!offline) note(ctx.out, paint(ctx.out, 'gray', `running: alembic ${args.join(' ')} (in ${project.dir})`));
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    note(ctx.out, paint(ctx.out, 'yellow', '\ncancelling alembic (Ctrl-C again to quit at once)'));
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    await alembicCommand(project, args, {
      signal: controller.signal,
      onOutput: (chunk, stream) => (stream === 'stdout' ? ctx.out.stdout : ctx.out.stderr).write(chunk),
    });
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

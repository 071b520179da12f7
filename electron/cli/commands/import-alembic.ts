// `strata import-alembic DIR`: a native project in DIR from the Alembic project (--project, or
// the nearest alembic.ini), its SQL rendered by the team's own alembic. Nothing is stamped:
// the note says how a database alembic upgraded is switched over.
import { relative, resolve } from 'node:path';
import { importAlembic } from '../../engine/usecases/import-alembic.ts';
import { projectDirOf } from '../../engine/usecases/project.ts';
import type { Command } from '../command.ts';
import { projectLocation } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, note, paint, printJson } from '../output.ts';

export const importAlembicCommand: Command = {
  usage: 'strata [--project ALEMBIC_DIR] import-alembic DIR [--json]',
  options: [],
  async run(ctx, _values, positionals) {
    const to = positionals[0];
    if (to === undefined || positionals.length > 1)
      throw new UsageError('import-alembic takes the folder to write the native project to: strata import-alembic DIR');
    const result = await importAlembic(projectDirOf(projectLocation(ctx)), resolve(ctx.cwd, to));
    if (ctx.out.json) {
      printJson(ctx.out, result);
      return EXIT.ok;
    }
    const shown = relative(ctx.cwd, result.dir) || '.';
    line(
      ctx.out,
      `${paint(ctx.out, 'green', 'imported')} ${result.revisions} revision${result.revisions === 1 ? '' : 's'} ` +
        `into ${shown} (${result.dialect}; heads ${result.heads.join(', ') || 'none'})`,
    );
    if (result.withoutDowngrade.length > 0)
      note(
        ctx.out,
        paint(
          ctx.out,
          'yellow',
          `no downgrade: alembic could not render one offline for ${result.withoutDowngrade.join(', ')}`,
        ),
      );
    if (result.nonTransactional.length > 0)
      note(ctx.out, `transactional false (alembic's autocommit_block): ${result.nonTransactional.join(', ')}`);
    note(
      ctx.out,
      paint(
        ctx.out,
        'gray',
        'nothing was stamped: a database alembic upgraded keeps its alembic_version; to switch it over, ' +
          `strata --project ${shown} stamp <its revisions>`,
      ),
    );
    return EXIT.ok;
  },
};

// `check`: the CI gate teams keep writing by hand (the use case says what it checks); the
// findings as lines, or --json, and exit 1 when one failed.
import { checkProject } from '../../engine/usecases/check.ts';
import type { Command } from '../command.ts';
import { databaseRequest, projectLocation } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { line, paint, printJson } from '../output.ts';

export const checkCommand: Command = {
  usage: 'strata check [--single-head] [--url URL] [--json]',
  options: ['single-head'],
  async run(ctx, values) {
    const findings = await checkProject(projectLocation(ctx), databaseRequest(ctx), { singleHead: values['single-head'] === true });
    const failed = findings.filter((f) => !f.ok);
    if (ctx.out.json) printJson(ctx.out, { ok: failed.length === 0, findings });
    else {
      for (const f of findings) {
        const where = f.file ? paint(ctx.out, 'gray', ` ${f.file}${f.line ? `:${f.line}` : ''}`) : '';
        line(ctx.out, `${f.ok ? paint(ctx.out, 'green', 'ok  ') : paint(ctx.out, 'red', 'FAIL')} ${f.check.padEnd(11)} ${f.message}${where}`);
      }
    }
    return failed.length === 0 ? EXIT.ok : EXIT.checkFailed;
  },
};

// `check`: the CI gate teams keep writing by hand (the use case says what it checks); the
// findings as lines, or --json, and exit 1 when one failed.
import { checkProject, type CheckFinding } from '../../engine/usecases/check.ts';
import type { Command } from '../command.ts';
import { databaseRequest, projectLocation } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint, printJson } from '../output.ts';

export const checkCommand: Command = {
  usage: 'strata check [--single-head] [--url URL] [--drift [--shadow-url URL]] [--json]',
  options: ['single-head', 'drift', 'shadow-url'],
  async run(ctx, values) {
    if (values['shadow-url'] !== undefined && values.drift !== true) {
      throw new UsageError('--shadow-url goes with --drift');
    }
    // Loaded only for --drift: the shadow database, the diff and the linter.
    const autogen = values.drift === true ? await import('./autogen.ts') : undefined;
    const drift = autogen ? await autogen.driftOf(ctx, values) : undefined;
    const request = { singleHead: values['single-head'] === true };
    const findings: CheckFinding[] = await checkProject(projectLocation(ctx), databaseRequest(ctx), request);
    if (drift) {
      const n = drift.result.operations.length;
      const fix = `${n} operation${n === 1 ? '' : 's'} bring${n === 1 ? 's' : ''} it back`;
      findings.push(
        n === 0
          ? {
              check: 'drift',
              ok: true,
              message: `${drift.database} has the schema the migrations produce at the heads`,
            }
          : {
              check: 'drift',
              ok: false,
              message: `${drift.database} differs from what the migrations produce: ${fix}`,
            },
      );
    }
    const failed = findings.filter((f) => !f.ok);
    if (ctx.out.json) {
      printJson(ctx.out, { ok: failed.length === 0, findings, ...(drift ? { drift: drift.result } : {}) });
    } else {
      for (const f of findings) {
        const where = f.file ? paint(ctx.out, 'gray', ` ${f.file}${f.line ? `:${f.line}` : ''}`) : '';
        line(
          ctx.out,
          `${f.ok ? paint(ctx.out, 'green', 'ok  ') : paint(ctx.out, 'red', 'FAIL')} ` +
            `${f.check.padEnd(11)} ${f.message}${where}`,
        );
      }
      if (autogen && drift && drift.result.operations.length > 0) {
        line(ctx.out);
        autogen.printDrift(ctx.out, drift.result, drift.database);
      }
    }
    return failed.length === 0 ? EXIT.ok : EXIT.checkFailed;
  },
};

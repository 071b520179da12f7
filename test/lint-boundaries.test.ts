// The layer rules live in eslint.config.js; this proves they bite: each forbidden import,
// written into a file of the layer it is forbidden in, is an ESLint error with its message,
// and the allowed neighbour of each is not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function errorsOf(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const CASES: readonly { file: string; imports: string; forbidden: string | null }[] = [
  {
    file: 'electron/engine/graph/probe.ts',
    imports: '../../app/main.ts',
    forbidden: 'the engine imports nothing from the doors',
  },
  {
    file: 'electron/engine/graph/probe.ts',
    imports: '../../cli/main.ts',
    forbidden: 'the engine imports nothing from the doors',
  },
  {
    file: 'electron/engine/graph/probe.ts',
    imports: '../../../renderer/app/App.tsx',
    forbidden: 'the engine imports nothing from the doors',
  },
  {
    file: 'electron/engine/graph/probe.ts',
    imports: 'electron',
    forbidden: 'no Electron import anywhere in the engine',
  },
  { file: 'electron/engine/graph/probe.ts', imports: '../../../shared/model/revision.ts', forbidden: null },
  {
    file: 'shared/model/probe.ts',
    imports: '../../electron/engine/graph/plan.ts',
    forbidden: 'shared/ stands below everything',
  },
  { file: 'shared/model/probe.ts', imports: 'node:fs', forbidden: 'no package and no Node API' },
  { file: 'shared/api/probe.ts', imports: 'zod', forbidden: null },
  {
    file: 'renderer/app/probe.ts',
    imports: '../../electron/engine/graph/plan.ts',
    forbidden: 'the renderer imports only shared/',
  },
  { file: 'renderer/app/probe.ts', imports: 'node:path', forbidden: 'no Node API' },
  { file: 'renderer/app/probe.ts', imports: '../../shared/model/revision.ts', forbidden: null },
  { file: 'electron/engine/lint/probe.ts', imports: '../runner/runner.ts', forbidden: 'never from the runner' },
  { file: 'electron/engine/rehearsal/probe.ts', imports: '../runner/runner.ts', forbidden: 'never from the runner' },
  { file: 'electron/engine/lint/probe.ts', imports: '../sql/statements.ts', forbidden: null },
  { file: 'electron/engine/sql/probe.ts', imports: '../graph/plan.ts', forbidden: 'stands on its own' },
  {
    file: 'electron/engine/sql/probe.ts',
    imports: '../../../shared/model/revision.ts',
    forbidden: 'stands on its own',
  },
  {
    file: 'electron/cli/commands/probe.ts',
    imports: '../../engine/runner/runner.ts',
    forbidden: 'only through its use cases',
  },
  { file: 'electron/cli/commands/probe.ts', imports: '../../engine/usecases/run.ts', forbidden: null },
  {
    file: 'electron/engine/rehearsal/probe.ts',
    imports: 'pg',
    forbidden: 'opened by electron/engine/dialects/postgres',
  },
  {
    file: 'electron/engine/rehearsal/probe.ts',
    imports: '../dialects/postgres/pg-module.ts',
    forbidden: 'opened by dialects/postgres',
  },
  { file: 'electron/engine/dialects/postgres/probe.ts', imports: 'pg', forbidden: null },
  {
    file: 'electron/engine/graph/probe.ts',
    imports: '../../../test/support/projects.ts',
    forbidden: 'never imports test support',
  },
];

describe('the layer rules (eslint.config.js)', () => {
  for (const c of CASES) {
    it(`${c.file} importing ${c.imports}: ${c.forbidden === null ? 'allowed' : 'an error'}`, async () => {
      const errors = await errorsOf(c.file, `import '${c.imports}';\n`);
      if (c.forbidden === null) expect(errors).toEqual([]);
      else expect(errors.join('\n')).toContain(c.forbidden);
    });
  }

  it('an import cycle in the engine is an error', async () => {
    // runner.ts imports guarded.ts; guarded.ts importing runner.ts back would close a loop.
    const errors = await errorsOf(
      'electron/engine/runner/guarded.ts',
      "import { runMigration } from './runner.ts';\nexport const r = runMigration;\n",
    );
    expect(errors.join('\n')).toContain('import-x/no-cycle');
  });
});

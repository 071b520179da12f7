// What the import rules of eslint.config.js cannot see: which packages and modules a door
// loads through the whole static import graph, and so what each start costs.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../shared/model/tool.ts';

/** The modules `file` loads when it is imported: type-only and dynamic imports excluded. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
}

/** Every source file and package `entry` loads at import, through the static import graph. */
function loadedBy(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
      else if (!spec.startsWith('node:') && !packages.has(spec)) packages.set(spec, relative('.', file));
    }
  };
  visit(entry);
  return { files, packages };
}

function packagesLoadedBy(entry: string): Map<string, string> {
  return loadedBy(entry).packages;
}

describe('module boundaries', () => {
  it("the CLI's commands load no zod, except serve (the bridge validates with the contract)", () => {
    // zod is most of a second's worth of parsing for a command that prints a few lines; the
    // use cases map errors to the contract's codes through shared/api/error-codes.ts instead.
    const commands = readdirSync('electron/cli/commands').filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'serve.ts',
    );
    for (const entry of ['electron/cli/main.ts', ...commands.map((f) => `electron/cli/commands/${f}`)]) {
      expect([...packagesLoadedBy(entry).keys()].filter((p) => p === 'zod').map((p) => `${entry} loads ${p}`)).toEqual(
        [],
      );
    }
    expect(packagesLoadedBy('electron/cli/commands/serve.ts').has('zod')).toBe(true);
  });

  it('strata lint loads no database driver until it connects', () => {
    // pg's import alone costs a lint process ~30 ms (it makes Node load its fetch
    // implementation), a fifth of linting three files; only --url needs it, and loads it then.
    const drivers = [...packagesLoadedBy('electron/cli/commands/lint.ts')].filter(
      ([name]) => name === 'pg' || name === 'better-sqlite3',
    );
    expect(drivers.map(([name, by]) => `${name} (imported by ${by})`)).toEqual([]);
  });

  it("the studio's main thread never loads the analyzer or its parser: project lint runs in the lint worker", () => {
    // Linting a 10,000-revision project takes seconds of CPU; on the main process or the
    // bridge it froze the window and every request (DESIGN.md: lag p99 ≤ 50 ms).
    const analyzer = [
      'electron/engine/lint/linter.ts',
      'electron/engine/lint/parse.ts',
      'electron/engine/lint/project-lint.ts',
      'electron/engine/lint/incremental-lint.ts',
    ];
    for (const door of ['electron/engine/service/service.ts', 'electron/bridge/server.ts', 'electron/app/main.ts']) {
      const { files, packages } = loadedBy(door);
      expect([...files].filter((f) => analyzer.includes(f)).map((f) => `${door} loads ${f}`)).toEqual([]);
      expect(packages.has('libpg-query')).toBe(false);
    }
    // …while the worker that does the linting is a module of its own, which loads them.
    expect(
      loadedBy('electron/engine/service/lint-worker.ts').files.has('electron/engine/lint/incremental-lint.ts'),
    ).toBe(true);
  });

  it('the version written to history matches package.json', () => {
    expect(TOOL_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

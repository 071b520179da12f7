// The dependency rule of DESIGN.md, checked on the import lines of every source file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../shared/model/tool.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => (m[1] ?? m[2]) as string);
}

/** The modules `file` loads when it is imported: type-only and dynamic imports excluded. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
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
  it('the engine never imports electron, the doors or the renderer', () => {
    const offenders = files('electron/engine').flatMap((f) =>
      imports(f)
        .filter((i) => i === 'electron' || /\/(app|bridge|cli|preload)\//.test(i) || i.includes('renderer/'))
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('shared/ imports no Node or DOM API and nothing above it; only shared/api uses zod', () => {
    const offenders = files('shared').flatMap((f) =>
      imports(f)
        .filter((i) => !(i === 'zod' && f.startsWith('shared/api/')))
        .filter((i) => i.startsWith('node:') || i.includes('electron') || !i.startsWith('.') || i.startsWith('../../'))
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer imports only shared/ and its own folders', () => {
    const offenders = files('renderer').flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('node:') || /(^|\/)electron(\/|$)/.test(i))
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lint and rehearsal take the splitter and the lexers from sql/, never from the runner', () => {
    const offenders = [...files('electron/engine/lint'), ...files('electron/engine/rehearsal')].flatMap((f) =>
      imports(f)
        .filter((i) => /(^|\/)runner\//.test(i))
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the CLI reaches the engine only through its use cases (serve starts the bridge over the service)', () => {
    const offenders = files('electron/cli').flatMap((f) =>
      imports(f)
        .map((i) => relative('.', join(dirname(f), i)))
        .filter((i) => i.startsWith('electron/engine/') && !i.startsWith('electron/engine/usecases/'))
        .filter((i) => !(f === 'electron/cli/commands/serve.ts' && i === 'electron/engine/service/secrets.ts'))
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('sql/ (the splitter and the lexers) stands on its own: it imports nothing but its own files', () => {
    const offenders = files('electron/engine/sql').flatMap((f) =>
      imports(f)
        .filter((i) => !i.startsWith('./'))
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('every PostgreSQL session is opened by dialects/postgres', () => {
    // Rehearsal, the live preview, the guarded run's watcher and the lock observer ask
    // dialects/postgres/sessions.ts for their sessions; nothing else in the engine loads pg.
    const offenders = files('electron/engine')
      .filter((f) => !f.startsWith(join('electron', 'engine', 'dialects', 'postgres')))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i === 'pg' || i.startsWith('pg/') || i.endsWith('/pg-module.ts'))
          .map((i) => `${relative('.', f)} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the engine loads without an import cycle (runner.ts and the guarded wrapper included)', () => {
    const all = files('electron/engine');
    const known = new Set(all);
    const edges = new Map(all.map((f) => [f, staticImports(f).filter((s) => s.startsWith('.')).map((s) => join(dirname(f), s)).filter((t) => known.has(t))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'open');
      path.push(file);
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next, path);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of all) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("the CLI's commands load no zod, except serve (the bridge validates with the contract)", () => {
    // zod is most of a second's worth of parsing for a command that prints a few lines; the
    // use cases map errors to the contract's codes through shared/api/error-codes.ts instead.
    const commands = readdirSync('electron/cli/commands').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'serve.ts');
    for (const entry of ['electron/cli/main.ts', ...commands.map((f) => `electron/cli/commands/${f}`)]) {
      expect([...packagesLoadedBy(entry).keys()].filter((p) => p === 'zod').map((p) => `${entry} loads ${p}`)).toEqual([]);
    }
    expect(packagesLoadedBy('electron/cli/commands/serve.ts').has('zod')).toBe(true);
  });

  it('strata lint loads no database driver until it connects', () => {
    // pg's import alone costs a lint process ~30 ms (it makes Node load its fetch
    // implementation), a fifth of linting three files; only --url needs it, and loads it then.
    const drivers = [...packagesLoadedBy('electron/cli/commands/lint.ts')].filter(([name]) => name === 'pg' || name === 'better-sqlite3');
    expect(drivers.map(([name, by]) => `${name} (imported by ${by})`)).toEqual([]);
  });

  it("the studio's main thread never loads the analyzer or its parser: project lint runs in the lint worker", () => {
    // Linting a 10,000-revision project takes seconds of CPU; on the main process or the
    // bridge it froze the window and every request (DESIGN.md: lag p99 ≤ 50 ms).
    const analyzer = ['electron/engine/lint/linter.ts', 'electron/engine/lint/parse.ts', 'electron/engine/lint/project-lint.ts', 'electron/engine/lint/incremental-lint.ts'];
    for (const door of ['electron/engine/service/service.ts', 'electron/bridge/server.ts', 'electron/app/main.ts']) {
      const { files, packages } = loadedBy(door);
      expect([...files].filter((f) => analyzer.includes(f)).map((f) => `${door} loads ${f}`)).toEqual([]);
      expect(packages.has('libpg-query')).toBe(false);
    }
    // …while the worker that does the linting is a module of its own, which loads them.
    expect(loadedBy('electron/engine/service/lint-worker.ts').files.has('electron/engine/lint/incremental-lint.ts')).toBe(true);
  });

  it('the version written to history matches package.json', () => {
    expect(TOOL_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

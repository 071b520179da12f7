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

/** Every package `entry` loads at import, through the static import graph of the sources. */
function packagesLoadedBy(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
      else if (!spec.startsWith('node:') && !packages.has(spec)) packages.set(spec, relative('.', file));
    }
  };
  visit(entry);
  return packages;
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

  it('strata lint loads no database driver until it connects', () => {
    // pg's import alone costs a lint process ~30 ms (it makes Node load its fetch
    // implementation), a fifth of linting three files; only --url needs it, and loads it then.
    const drivers = [...packagesLoadedBy('electron/cli/commands/lint.ts')].filter(([name]) => name === 'pg' || name === 'better-sqlite3');
    expect(drivers.map(([name, by]) => `${name} (imported by ${by})`)).toEqual([]);
  });

  it('the version written to history matches package.json', () => {
    expect(TOOL_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

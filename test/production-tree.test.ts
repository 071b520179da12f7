// Test support lives under test/, not beside the code it serves (DESIGN.md, Layout): a file in
// the production folders that no entry point reaches is either dead or used by tests only.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './support/source-files.ts';
import { WORKER_ENTRIES } from '../scripts/workers.mjs';

const PRODUCTION_FOLDERS = ['electron', 'shared', 'renderer'];
const ENTRIES = [
  'electron/app/main.ts',
  'electron/app/preload.ts',
  'electron/cli/main.ts',
  'renderer/main.tsx',
  ...Object.values(WORKER_ENTRIES),
];

/** Relative specifiers of every import, type-only and dynamic ones included, and `new URL('./x')`. */
function relativeImports(file: string): string[] {
  const pattern = new RegExp(
    '^\\s*(?:import|export)\\s+(?:type\\s+)?(?:[^\'"]*?from\\s+)?[\'"](\\.[^\'"]+)[\'"]' +
      '|import\\(\\s*[\'"](\\.[^\'"]+)[\'"]\\s*\\)|new URL\\(\\s*[\'"](\\.[^\'"]+)[\'"]',
    'gm',
  );
  return [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

function reachableFrom(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of relativeImports(file)) visit(join(dirname(file), spec));
  };
  entries.forEach(visit);
  return seen;
}

describe('the production tree', () => {
  it('holds only code that an entry point (app, preload, CLI, workers, renderer) reaches', () => {
    const reached = reachableFrom(ENTRIES);
    const stranded = PRODUCTION_FOLDERS.flatMap(sourceFiles).filter((f) => !reached.has(f));
    expect(stranded, 'move test support under test/support/ (or delete dead code)').toEqual([]);
  });
});

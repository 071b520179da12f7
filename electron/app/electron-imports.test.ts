// STYLE.md: electron/app is the only folder that imports 'electron'. Inside it, the rules
// and stores that the tests run under plain Node take Electron's types only (a value import
// would try to download the binary), and the preload imports nothing but its channel table.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Import specifiers, with whether the import is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  // Comments may well say "never require('electron')": leave them out.
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [
    ...text.matchAll(
      /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/gm,
    ),
  ].map((m) => ({
    spec: (m[3] ?? m[4]) as string,
    typeOnly: m[2] !== undefined,
  }));
}

describe("who imports 'electron'", () => {
  it('nothing outside electron/app', () => {
    const offenders = ['electron', 'shared', 'renderer', 'bench', 'test', 'scripts', 'bin']
      .flatMap((dir) => sources(dir))
      .filter((f) => !f.startsWith(join('electron', 'app')))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.spec === 'electron' || i.spec.startsWith('electron/'))
          .map((i) => `${relative('.', f)} imports ${i.spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the Node-tested modules of electron/app use its types only', () => {
    for (const file of [
      'app-url.ts',
      'channels.ts',
      'launch-options.ts',
      'studio-state.ts',
      'safe-storage-secrets.ts',
    ]) {
      const valueImports = imports(join('electron', 'app', file)).filter((i) => i.spec === 'electron' && !i.typeOnly);
      expect(valueImports, file).toEqual([]);
    }
  });

  it('the preload imports electron and its channel table, nothing else', () => {
    expect(imports(join('electron', 'app', 'preload.ts')).map((i) => i.spec)).toEqual(['electron', './channels.ts']);
    expect(imports(join('electron', 'app', 'channels.ts')).every((i) => i.typeOnly)).toBe(true);
  });
});

// What `strata --version`, `--help` or a mistyped option load before a command is chosen: the
// CLI bundle's entry and what it imports statically. None of it may be engine code (which
// brings node:crypto, child_process, worker_threads…): each command loads its own modules,
// and an error its classification (electron/cli/main.ts). Checked on a build with the options
// of scripts/build-cli.mjs (ESM, split at each dynamic import).
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../scripts/build-cli.mjs';

const dir = resolve('.tmp', `cli-startup-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The outputs a start loads before any dynamic import: the entry and its static imports, transitively. */
function staticClosure(meta: Metafile, entry: string): { inputs: string[]; externals: string[] } {
  const seen = new Set<string>();
  const externals = new Set<string>();
  const visit = (out: string): void => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const i of meta.outputs[out]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) externals.add(i.path);
      else visit(i.path);
    }
  };
  visit(entry);
  const inputs = [...seen].flatMap((out) => Object.keys(meta.outputs[out]?.inputs ?? {}));
  return { inputs: inputs.sort(), externals: [...externals].sort() };
}

describe('the CLI start-up', () => {
  it('loads no engine module and no heavy built-in before a command runs', async () => {
    const result = await build({ ...cliBuildOptions(), outdir: join(dir, 'out'), logLevel: 'silent', write: false });
    const entry = Object.keys(result.metafile.outputs).find((o) => /[\\/]strata\.js$/.test(o)) as string;
    const { inputs, externals } = staticClosure(result.metafile, entry);
    expect(inputs).toContain('electron/cli/main.ts');
    // The usage errors' base class is the one engine file it needs: a class and nothing else.
    expect(inputs.filter((i) => i.startsWith('electron/engine/'))).toEqual([
      'electron/engine/usecases/invalid-request.ts',
    ]);
    expect(externals.filter((e) => !['node:util'].includes(e))).toEqual([]);
  }, 60_000);
});

describe('the Node bundles', () => {
  it('carry zod inside: none loads it from node_modules module by module at each start', async () => {
    const result = await build({ ...cliBuildOptions(), outdir: join(dir, 'zod'), logLevel: 'silent', write: false });
    const externals = Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external).map((i) => i.path),
    );
    expect(externals.filter((path) => path === 'zod' || path.startsWith('zod/'))).toEqual([]);
    // The other packages (pg has optional native parts) stay files of their own.
    expect(externals).toEqual(expect.arrayContaining(['pg', 'ws']));
    expect(Object.keys(result.metafile.inputs).some((input) => input.includes('node_modules/zod/'))).toBe(true);
  }, 60_000);
});

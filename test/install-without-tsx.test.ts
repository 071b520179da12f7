// tsx is a devDependency. An install without it (npm ci --omit=dev) runs strata through the
// bundle, and when the bundle is stale or missing, says how to build instead of a stack trace.
// The install is made here: the repository's files linked into a temporary root whose
// node_modules holds every package but tsx, so that bin/strata.js cannot find it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../scripts/build-cli.mjs';

let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-no-tsx-'));
  for (const dir of ['bin', 'scripts', 'node_modules']) mkdirSync(join(root, dir));
  for (const file of ['bin/strata.js', 'bin/package.json', 'scripts/cli-stamp.cjs'])
    copyFileSync(resolve(file), join(root, file));
  copyFileSync(resolve('package.json'), join(root, 'package.json'));
  // The sources the bundle's stamp names, at their own mtimes.
  for (const dir of ['electron', 'shared']) symlinkSync(resolve(dir), join(root, dir));
  for (const entry of readdirSync(resolve('node_modules')))
    if (entry !== 'tsx' && entry !== '.bin')
      symlinkSync(resolve('node_modules', entry), join(root, 'node_modules', entry));
  await bundleCli({ outdir: join(root, 'dist', 'cli') });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function strata(
  args: readonly string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'strata.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('strata installed without tsx', () => {
  it('runs through the bundle: heads, as from the checkout', () => {
    const args = ['--project', resolve('migrations-sample'), '--json', 'heads'];
    const run = strata(args);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      spawnSync(process.execPath, [resolve('bin/strata.js'), ...args], { encoding: 'utf8' }).stdout,
    );
  });

  it('with a stale or missing bundle, says how to build: one message, no stack trace', () => {
    const fromSource = strata(['heads'], { STRATA_FROM_SOURCE: '1' });
    expect(fromSource).toMatchObject({ code: 1, stdout: '' });
    expect(fromSource.stderr).toBe(
      'strata: STRATA_FROM_SOURCE=1 asks for the TypeScript sources, and tsx, ' +
        'which runs them, is a devDependency that is not installed.\n' +
        'Build the bundle: node scripts/build-cli.mjs (with esbuild, ' +
        'installed by npm ci), or install the devDependencies: npm install\n',
    );
    rmSync(join(root, 'dist'), { recursive: true });
    const missing = strata(['heads']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(
      new RegExp(
        '^strata: the CLI bundle in \\S+ has not been built, and tsx, which runs them, ' +
          'is a devDependency that is not installed\\.\\nBuild the bundle: node scripts\\/build-cli\\.mjs',
      ),
    );
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('package.json', () => {
  it('keeps tsx out of the runtime dependencies', async () => {
    const manifest = (await import('../package.json', { with: { type: 'json' } })).default as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(Object.keys(manifest.devDependencies)).toContain('tsx');
    // npm ci --omit=dev builds the bundle in its prepare script: esbuild must be installed then.
    expect(Object.keys(manifest.dependencies)).toContain('esbuild');
  });
});

// How a build tells the dispatcher whether to check outputs and events against the contract:
// scripts/contract-checks.mjs defines STRATA_CONTRACT_CHECKS for esbuild, false unless the
// build runs with STRATA_CONTRACT_CHECKS=1 (a development build). From source the checks are
// on (shared/rpc/dispatcher.test.ts); here, what the bundles get.
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../scripts/build-cli.mjs';
import { contractChecksDefine } from '../scripts/contract-checks.mjs';

const dir = resolve('.tmp', `contract-checks-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function checksInBuild(env: NodeJS.ProcessEnv, name: string): Promise<boolean> {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `${name}-entry.ts`);
  writeFileSync(entry, `export { CONTRACT_CHECKS } from ${JSON.stringify(resolve('shared/rpc/dispatcher.ts'))};\n`);
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    define: contractChecksDefine(env),
  });
  return ((await import(pathToFileURL(outfile).href)) as { CONTRACT_CHECKS: boolean }).CONTRACT_CHECKS;
}

describe('contract checks in builds', () => {
  it('a production build leaves them out, a development build (STRATA_CONTRACT_CHECKS=1) keeps them', async () => {
    expect(await checksInBuild({}, 'production')).toBe(false);
    expect(await checksInBuild({ STRATA_CONTRACT_CHECKS: '1' }, 'development')).toBe(true);
  });

  it('the CLI bundle (strata serve, its workers) is built with the define', async () => {
    const outdir = join(dir, 'cli');
    await bundleCli({ outdir });
    const undefinedIn = readdirSync(outdir).filter(
      (f) => /\.c?js$/.test(f) && readFileSync(join(outdir, f), 'utf8').includes('STRATA_CONTRACT_CHECKS'),
    );
    expect(undefinedIn).toEqual([]);
  }, 60_000);
});

#!/usr/bin/env node
// The strata CLI as one bundle (dist/cli/strata.js, with the database and lint workers beside
// it, which `strata serve` starts): tsx compiles TypeScript on every start, about a second
// before any work, which no comparison with psql or squawk survives. bin/strata.js uses the
// bundle while it is current (cli-stamp.mjs: the sources.json written here) and falls back to
// tsx otherwise, in development. `npm ci` builds it (the package's `prepare` script), so
// `npx strata` right after an install runs the bundle: esbuild is a runtime dependency for
// that reason, since npm ci --omit=dev runs prepare too, and tsx is a devDependency.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeStamp } from './cli-stamp.mjs';
import { contractChecksDefine } from './contract-checks.mjs';
import { ROOT } from './electron-binary.mjs';
import { nodeExternals } from './node-externals.mjs';
import { WORKER_ENTRIES } from './workers.mjs';

export const CLI_OUT = join(ROOT, 'dist', 'cli');

/** esbuild's options for the bundle, all but where it goes (test/cli-startup-imports.test.ts builds with them too). */
export function cliBuildOptions() {
  return /** @type {const} */ ({
    absWorkingDir: ROOT,
    entryPoints: { strata: 'electron/cli/main.ts', ...WORKER_ENTRIES },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: nodeExternals(),
    define: contractChecksDefine(),
    logLevel: 'warning',
    legalComments: 'none',
    metafile: true,
  });
}

/** @param {{ outdir?: string }} [options] outdir: dist/cli unless the bench builds its own copy. */
export async function bundleCli({ outdir = CLI_OUT } = {}) {
  // Loaded here, not at the top: an install without esbuild still runs this file (the
  // prepare script), and then says so instead of failing the install.
  const { build } = await import('esbuild');
  // Built aside and swapped in, so a strata process starting meanwhile never sees half a bundle.
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const startedAt = Date.now();
  const result = await build({ ...cliBuildOptions(), outdir: staging });
  writeStamp(ROOT, staging, Object.keys(result.metafile.inputs), startedAt);
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await bundleCli();
  } catch (error) {
    // --if-possible (the prepare script): an install without esbuild still completes;
    // bin/strata.js then runs the sources through tsx, or says how to build.
    const missing = error instanceof Error && /Cannot find (package|module) 'esbuild'/.test(error.message);
    if (!(missing && process.argv.includes('--if-possible'))) throw error;
    console.error(
      'strata: esbuild is not installed, so the CLI bundle was not built; ' +
        'run npm install, then node scripts/build-cli.mjs',
    );
  }
}

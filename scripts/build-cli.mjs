#!/usr/bin/env node
// The strata CLI as one bundle (dist/cli/strata.js, with the database and lint workers beside
// it, which `strata serve` starts):
// tsx compiles TypeScript on every start, about a second before any work, which no
// comparison with psql or squawk survives. bin/strata.js uses the bundle while it is newer
// than every source file, and falls back to tsx otherwise.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from './electron-binary.mjs';
import { WORKER_ENTRIES } from './workers.mjs';

export const CLI_OUT = join(ROOT, 'dist', 'cli');

/** @param {{ outdir?: string }} [options] outdir: dist/cli unless the bench builds its own copy. */
export async function bundleCli({ outdir = CLI_OUT } = {}) {
  // Built aside and swapped in, so a strata process starting meanwhile never sees half a bundle.
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { strata: 'electron/cli/main.ts', ...WORKER_ENTRIES },
    outdir: staging,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    legalComments: 'none',
  });
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundleCli();
}

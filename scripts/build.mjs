#!/usr/bin/env node
// The build: the renderer (vite → dist/renderer) and the Electron bundles (esbuild →
// dist/electron: main.js, db-worker.js, lint-worker.js, preload.cjs), then better-sqlite3 for Electron's
// ABI when an Electron binary exists (scripts/electron-native.mjs; one line otherwise).
// Type-checking is `npm run typecheck`; `npm run build` runs both.
//
// Layout that the code relies on:
// - db-worker.js and lint-worker.js sit beside main.js: worker-channel (bundled into main.js)
//   starts `new URL('./<name>.js', import.meta.url)`.
// - main.js and the workers are ES modules (import.meta.url, package.json "type": "module");
//   npm packages stay external and load from node_modules (better-sqlite3 is native, pg has
//   optional native parts); 'electron' is Electron's own module. zod alone is bundled
//   (node-externals.mjs).
// - a production build: outputs and events are not parsed against the contract (a
//   development build does it: STRATA_CONTRACT_CHECKS=1, see contract-checks.mjs).
// - the preload runs in a sandboxed renderer, which only offers require('electron') and a
//   few web-safe modules: it is one self-contained CommonJS file, checked below.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { ROOT } from './electron-binary.mjs';
import { buildElectronNative } from './electron-native.mjs';
import { nodeExternals } from './node-externals.mjs';
import { bundleCli } from './build-cli.mjs';
import { contractChecksDefine } from './contract-checks.mjs';
import { WORKER_ENTRIES } from './workers.mjs';

export const ELECTRON_OUT = join(ROOT, 'dist', 'electron');
export const ELECTRON_MAIN = join(ELECTRON_OUT, 'main.js');

/** Floors, not the exact runtime: the pinned Electron ships a newer Node and Chromium than these. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

export async function buildRenderer() {
  await viteBuild({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

export async function bundleElectron() {
  rmSync(ELECTRON_OUT, { recursive: true, force: true });
  const common = { absWorkingDir: ROOT, bundle: true, logLevel: 'warning', legalComments: 'none', sourcemap: 'linked' };
  await esbuild({
    ...common,
    entryPoints: { main: 'electron/app/main.ts', ...WORKER_ENTRIES },
    outdir: ELECTRON_OUT,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    external: nodeExternals(),
    define: contractChecksDefine(),
  });
  const preload = await esbuild({
    ...common,
    entryPoints: { preload: 'electron/app/preload.ts' },
    outdir: ELECTRON_OUT,
    outExtension: { '.js': '.cjs' },
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    metafile: true,
  });
  // The sandbox would fail at run time on any other require; fail the build instead.
  for (const [file, output] of Object.entries(preload.metafile.outputs)) {
    const foreign = output.imports.filter((i) => i.external && i.path !== 'electron').map((i) => i.path);
    if (foreign.length > 0)
      throw new Error(`${file} requires ${foreign.join(', ')}: a sandboxed preload may require 'electron' only`);
  }
}

/**
 * @param {{ native?: boolean }} [options] native: also build better-sqlite3 for Electron (skips with one line without a
 * binary).
 */
export async function build({ native = true } = {}) {
  const t0 = performance.now();
  await buildRenderer();
  await bundleElectron();
  await bundleCli();
  if (native) buildElectronNative();
  console.error(
    `build: dist/renderer, dist/cli and ${relative(ROOT, ELECTRON_OUT)} ` +
      `in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

#!/usr/bin/env node
// `npm run dist`: the installable studio for this OS (electron-builder.yml), into release/.
//
// It packs the Electron binary that node_modules/electron holds, never one it downloads, so
// where that binary is missing (it cannot be downloaded on every machine) it stops before
// anything else, in one line. Otherwise: the icons checked against their SVG, the build
// (renderer, main process, CLI), better-sqlite3 compiled for this Electron's ABI
// (electron-native.mjs), then electron-builder.
//
// The native addon: electron-builder's own rebuild (npmRebuild) recompiles node_modules in
// place, which would leave the checkout's CLI and tests with an addon Node cannot load. The
// Electron build is made aside instead, in dist/native/electron, packed unpacked from the
// asar, and handed to the driver by the main process (STRATA_SQLITE_BINDING).
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronBinary, electronVersion, ROOT } from './electron-binary.mjs';

const binary = electronBinary();
if (!binary) {
  console.error(
    'dist: no Electron binary in node_modules/electron/dist (it could not be downloaded here), ' +
      'so there is nothing to package; run `npm run dist` where `npm ci` could fetch Electron',
  );
  process.exit(1);
}

// Loaded only now: the refusal above must not wait for vite, esbuild and electron-builder.
const { staleIcons } = await import(pathToFileURL(join(ROOT, 'scripts', 'icons.mjs')).href);
const { build } = await import(pathToFileURL(join(ROOT, 'scripts', 'build.mjs')).href);
const { buildElectronNative } = await import(pathToFileURL(join(ROOT, 'scripts', 'electron-native.mjs')).href);

try {
  const stale = await staleIcons();
  if (stale.length > 0)
    throw new Error(`dist: ${stale.join(', ')} out of date with build/icon.svg; run node scripts/icons.mjs`);
  await build({ native: false });
  if (!buildElectronNative()) throw new Error('dist: better-sqlite3 was not built for Electron');
  const builder = await import('electron-builder');
  const artifacts = await builder.build({
    projectDir: ROOT,
    publish: 'never',
    // The binary beside us, not a download: electron-builder copies this folder.
    config: { electronDist: join(ROOT, 'node_modules', 'electron', 'dist'), electronVersion: electronVersion() },
  });
  for (const file of artifacts) console.error(`dist: ${relative(ROOT, file)}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

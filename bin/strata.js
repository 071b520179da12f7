#!/usr/bin/env node
'use strict';
// The strata command. Runs the bundle in dist/cli (scripts/build-cli.mjs; `npm ci` and
// `npm run build` make it) while it is current; otherwise, in development, the TypeScript
// sources through tsx, so an edit is never run stale, only slower. tsx is a devDependency:
// without it (npm ci --omit=dev) a stale or missing bundle is a message saying how to build.
//
// "Current" is decided from the bundle's own record of what it was built from
// (dist/cli/sources.json, scripts/cli-stamp.cjs): every source file esbuild put into it, with
// the mtime and size it had. The bundle depends on those files alone, so it is current exactly
// when each still has them: an edited file has a new mtime, a new file matters only once a
// listed file imports it (an edit of that file), a deleted or renamed one is missing. That is
// one stat per bundled file and no directory walk: this used to read four source folders and
// stat every .ts in them, tests included (twice the time, and growing with every test file).
// It needs no git: the same in a checkout, a tarball or node_modules. A build without the
// record, or one that ran while a source was being written, counts as stale.
// STRATA_FROM_SOURCE=1 forces the sources.
//
// CommonJS (bin/package.json), as are the stamp check and the bundle's loader (dist/cli/load.cjs,
// scripts/cli-loader.cjs, which keeps V8's code cache of the chunks): a start through the bundle
// loads none of Node's ESM machinery.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { bundleIsCurrent } = require('../scripts/cli-stamp.cjs');

const root = join(__dirname, '..');
const bundleDir = join(root, 'dist', 'cli');
const argv = process.argv.slice(2);

async function fromSource() {
  const tsx = await import('tsx/esm/api').catch((error) => {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes("'tsx'")) throw error;
    return undefined;
  });
  if (tsx === undefined) {
    const why =
      process.env.STRATA_FROM_SOURCE === '1'
        ? 'STRATA_FROM_SOURCE=1 asks for the TypeScript sources'
        : existsSync(join(bundleDir, 'load.cjs'))
          ? `the CLI bundle in ${bundleDir} is older than the sources`
          : `the CLI bundle in ${bundleDir} has not been built`;
    process.stderr.write(
      `strata: ${why}, and tsx, which runs them, is a devDependency that is not installed.\n` +
        `Build the bundle: node scripts/build-cli.mjs (with esbuild, installed by npm ci), ` +
        `or install the devDependencies: npm install\n`,
    );
    return 1;
  }
  tsx.register();
  const { main } = await import('../electron/cli/main.ts');
  return main(argv);
}

const run =
  process.env.STRATA_FROM_SOURCE !== '1' && bundleIsCurrent(root, bundleDir)
    ? require(join(bundleDir, 'load.cjs')).runCli(bundleDir, argv)
    : fromSource();
run.then((code) => {
  process.exitCode = code;
});

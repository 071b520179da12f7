#!/usr/bin/env node
// The strata CLI as a bundle (dist/cli: strata.cjs and the chunks it loads per command, run by
// load.cjs with V8's code cache, see cli-loader.cjs; the database and lint workers beside it,
// which `strata serve` starts): tsx compiles TypeScript on every start, about a second before
// any work, which no comparison with psql or squawk survives. bin/strata.js uses the bundle
// while it is current (cli-stamp.cjs: the sources.json written here) and falls back to tsx
// otherwise, in development. `npm ci` builds it (the package's `prepare` script), so
// `npx strata` right after an install runs the bundle: esbuild is a runtime dependency for
// that reason, since npm ci --omit=dev runs prepare too, and tsx is a devDependency.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeStamp } from './cli-stamp.cjs';
import { contractChecksDefine } from './contract-checks.mjs';
import { ROOT } from './electron-binary.mjs';
import { nodeExternals } from './node-externals.mjs';
import { WORKER_ENTRIES } from './workers.mjs';

export const CLI_OUT = join(ROOT, 'dist', 'cli');
/** What starts the bundle (bin/strata.js, the app's `strata` command): cli-loader.cjs, with the build's id. */
export const CLI_LOADER = 'load.cjs';
const LOADER_SOURCE = join(ROOT, 'scripts', 'cli-loader.cjs');
const BUILD_ID_LINE = 'const BUILD_ID = null;';

function commonOptions() {
  return /** @type {const} */ ({
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: nodeExternals(),
    logLevel: 'warning',
    legalComments: 'none',
    metafile: true,
  });
}

/**
 * esbuild's options for the CLI's ESM split, all but where it goes (test/cli-startup-imports.test.ts builds with them
 * too). Each chunk is then turned to CommonJS, which cli-loader.cjs runs with V8's code cache: `import.meta` becomes
 * the object the loader hands each chunk.
 */
export function cliBuildOptions() {
  return /** @type {const} */ ({
    ...commonOptions(),
    entryPoints: { strata: 'electron/cli/main.ts' },
    define: { ...contractChecksDefine(), 'import.meta': '__strataImportMeta' },
  });
}

/** The workers `strata serve` starts: ES modules beside the chunks (worker-channel.ts finds them by name). */
function workerBuildOptions() {
  return { ...commonOptions(), entryPoints: WORKER_ENTRIES, define: contractChecksDefine() };
}

/** @param {{ outdir?: string }} [options] outdir: dist/cli unless the bench builds its own copy. */
export async function bundleCli({ outdir = CLI_OUT } = {}) {
  // Loaded here, not at the top: an install without esbuild still runs this file (the
  // prepare script), and then says so instead of failing the install.
  const { build, transform } = await import('esbuild');
  // Built aside and swapped in, so a strata process starting meanwhile never sees half a bundle.
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const startedAt = Date.now();
  const [cli, workers] = await Promise.all([
    build({ ...cliBuildOptions(), outdir: staging, write: false }),
    build({ ...workerBuildOptions(), outdir: staging }),
  ]);
  const id = createHash('sha256');
  for (const chunk of cli.outputFiles) {
    // Dynamic imports become require() too: the loader resolves './x.js' to the x.cjs beside it.
    const { code } = await transform(chunk.text, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      supported: { 'dynamic-import': false },
      logLevel: 'warning',
    });
    writeFileSync(chunk.path.replace(/\.js$/, '.cjs'), code);
    id.update(basename(chunk.path)).update(code);
  }
  const loader = readFileSync(LOADER_SOURCE, 'utf8');
  if (!loader.includes(BUILD_ID_LINE)) throw new Error(`${LOADER_SOURCE} no longer has the line '${BUILD_ID_LINE}'`);
  const buildId = id.digest('hex').slice(0, 16);
  writeFileSync(join(staging, CLI_LOADER), loader.replace(BUILD_ID_LINE, `const BUILD_ID = '${buildId}';`));
  const inputs = new Set([...Object.keys(cli.metafile.inputs), ...Object.keys(workers.metafile.inputs)]);
  writeStamp(ROOT, staging, [...inputs], startedAt);
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

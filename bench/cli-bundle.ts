// The CLI the bench times: the esbuild bundle of scripts/build-cli.mjs (what bin/strata.js
// runs once `npm run build` has made dist/cli), built from the current sources into
// bench/.cli-bundle/ so the figure neither depends on whether dist/cli is fresh nor
// flips to the tsx fallback when someone edits a source file during the run. It sits inside
// the repository so that its external packages (pg, better-sqlite3, zod) resolve from
// node_modules; it is removed at the end of the run.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, CLI_LOADER } from '../scripts/build-cli.mjs';

/** A CommonJS entry beside a CLI bundle that runs it as bin/strata.js does (load.cjs, V8's code cache). */
const RUN_ENTRY = `require('./${CLI_LOADER}').runCli(__dirname, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
`;

export async function buildCliBundle(root: string): Promise<{ entry: string; remove: () => void }> {
  const outdir = join(root, 'bench', '.cli-bundle');
  await bundleCli({ outdir });
  // This entry runs it as bin/strata.js does: through the bundle's loader, with its code cache.
  const entry = join(outdir, 'run.cjs');
  writeFileSync(entry, RUN_ENTRY);
  return { entry, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

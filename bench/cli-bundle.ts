// The CLI the bench times: the esbuild bundle of scripts/build-cli.mjs (what bin/strata.js
// runs once `npm run build` has made dist/cli), built from the current sources into
// bench/.cli-bundle/ so the figure neither depends on whether dist/cli is fresh nor
// flips to the tsx fallback when someone edits a source file during the run. It sits inside
// the repository so that its external packages (pg, better-sqlite3, zod) resolve from
// node_modules; it is removed at the end of the run.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli } from '../scripts/build-cli.mjs';

export async function buildCliBundle(root: string): Promise<{ entry: string; remove: () => void }> {
  const outdir = join(root, 'bench', '.cli-bundle');
  await bundleCli({ outdir });
  // electron/cli/main.ts exports main(); this entry runs it as bin/strata.js does.
  const entry = join(outdir, 'run.mjs');
  writeFileSync(entry, "import { main } from './strata.js';\nprocess.exitCode = await main(process.argv.slice(2));\n");
  return { entry, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

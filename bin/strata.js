#!/usr/bin/env node
// The strata command. Runs the bundle in dist/cli (scripts/build-cli.mjs; `npm run build`
// makes it) while it is newer than every source file; otherwise the TypeScript sources
// through tsx, so an edit is never run stale, only slower.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'cli', 'strata.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return ['electron/cli', 'electron/engine', 'electron/bridge', 'shared'].every((dir) => newestSource(join(root, dir)) <= built);
}

let main;
if (process.env.STRATA_FROM_SOURCE !== '1' && bundleIsFresh()) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));

// What the Node bundles (dist/cli, dist/electron) load from node_modules at run time: every
// package but zod. Native and optional parts (better-sqlite3, pg, libpg-query's WebAssembly)
// must stay files of their own; zod is plain JavaScript in some sixty ES modules, and
// resolving, reading and compiling them one by one cost every start (`strata serve`, each CLI
// command, the app's main process) about twice the CPU of parsing them once inside the bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './electron-binary.mjs';

export const BUNDLED_PACKAGES = ['zod'];

/** esbuild `external` patterns: each other dependency of package.json and its subpaths. */
export function nodeExternals() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
    (name) => !BUNDLED_PACKAGES.includes(name),
  );
  return names.flatMap((name) => [name, `${name}/*`]);
}

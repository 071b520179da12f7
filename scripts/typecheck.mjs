// Type-checks the three TypeScript projects (engine and doors, renderer, Electron app) with
// TypeScript 7's native compiler. `typescript` itself stays on 5.9 because typescript-eslint
// needs its JavaScript API, which TypeScript 7 no longer has; the compiler that checks the
// code is the native one, installed beside it as `typescript-native`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript-native/package.json')), 'bin', 'tsc');

for (const project of ['.', 'renderer', 'electron/app']) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

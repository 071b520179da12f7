// The built renderer the benchmarks load. `strata serve` serves dist/renderer, so that must
// be the current source: the renderer is built into a temp folder and its index.html (which
// names every asset by content hash) compared with dist/renderer's. Only when they differ is
// dist/renderer rebuilt, with the project's own `vite build`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Cleanup, log, ROOT, round } from './common.ts';

export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

function viteBuild(outDir?: string): void {
  const args = [
    VITE,
    'build',
    '--logLevel',
    'warn',
    ...(outDir === undefined ? [] : ['--outDir', outDir, '--emptyOutDir']),
  ];
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes sure dist/renderer is built from the current source; says what it did. */
export async function ensureRenderer(): Promise<{ dir: string; action: string }> {
  const cleanup = new Cleanup();
  try {
    const t0 = performance.now();
    const fresh = join(cleanup.tempDir('strata-bench-renderer-'), 'renderer');
    viteBuild(fresh);
    const current = join(RENDERER_DIR, 'index.html');
    const same =
      existsSync(current) && readFileSync(current, 'utf8') === readFileSync(join(fresh, 'index.html'), 'utf8');
    if (same) {
      const action =
        `dist/renderer is current (same asset hashes as a fresh build, ` +
        `checked in ${round(performance.now() - t0, 0)} ms)`;
      log(action);
      return { dir: RENDERER_DIR, action };
    }
    log('dist/renderer is missing or stale: running vite build');
    viteBuild();
    return {
      dir: RENDERER_DIR,
      action: 'dist/renderer was stale or missing: rebuilt with `vite build` before measuring',
    };
  } finally {
    await cleanup.run();
  }
}

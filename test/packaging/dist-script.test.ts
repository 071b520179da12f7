// `npm run dist` where no Electron binary exists: one line, at once, nothing built. Run on a
// copy of the script in a scratch root, so that on a machine that has the binary this test
// still sees the machine without one (and packages nothing).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './builder-config.ts';

const scratch: string[] = [];
afterEach(() => scratch.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A root with scripts/dist.mjs and node_modules/electron as `npm ci` leaves it when the download failed. */
function rootWithoutBinary(electronFiles: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-dist-'));
  scratch.push(root);
  mkdirSync(join(root, 'scripts'));
  for (const file of ['dist.mjs', 'electron-binary.mjs'])
    copyFileSync(join(ROOT, 'scripts', file), join(root, 'scripts', file));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"45.4.1"}');
  for (const [name, text] of Object.entries(electronFiles)) writeFileSync(join(electron, name), text);
  return root;
}

function runDist(root: string) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs')], { cwd: root, encoding: 'utf8' });
  return { ...result, ms: performance.now() - started };
}

describe('npm run dist without an Electron binary', () => {
  it('stops at once with one line saying so, and builds nothing', () => {
    for (const electronFiles of [{}, { 'path.txt': 'electron' }]) {
      const root = rootWithoutBinary(electronFiles);
      const run = runDist(root);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/^dist: no Electron binary in node_modules\/electron\/dist/),
      ]);
      expect(existsSync(join(root, 'dist'))).toBe(false);
      expect(existsSync(join(root, 'release'))).toBe(false);
      // Before the build tools load: a plain Node start is about 50 ms; vite alone is more.
      expect(run.ms).toBeLessThan(5_000);
    }
  });

  it('is what `npm run dist` runs', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
  });
});

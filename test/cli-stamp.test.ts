// bin/strata.js runs the CLI bundle only while it is current: every source it was built from
// still has the mtime and size recorded at the build. Any edit, deletion, or a write during the
// build makes it stale (the sources then run through tsx); nothing else does.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleIsCurrent, STAMP_FILE, writeStamp } from '../scripts/cli-stamp.cjs';

function checkout(): { root: string; out: string; inputs: string[]; builtAt: number } {
  const root = mkdtempSync(join(tmpdir(), 'strata-stamp-'));
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  const inputs = ['src/a.ts', 'src/deep/b.ts'];
  const past = new Date(Date.now() - 60_000);
  for (const input of inputs) {
    writeFileSync(join(root, input), `export const x = '${input}';\n`);
    utimesSync(join(root, input), past, past);
  }
  const out = join(root, 'dist');
  mkdirSync(out);
  return { root, out, inputs, builtAt: Date.now() };
}

describe('the CLI bundle stamp', () => {
  it('is current until a source it was built from changes', () => {
    const { root, out, inputs, builtAt } = checkout();
    writeStamp(root, out, inputs, builtAt);
    expect(bundleIsCurrent(root, out)).toBe(true);
    // A file outside the bundle: no effect.
    writeFileSync(join(root, 'src', 'unrelated.ts'), 'export {};\n');
    expect(bundleIsCurrent(root, out)).toBe(true);
    // An edit in place, same size: the mtime tells.
    writeFileSync(join(root, 'src', 'deep', 'b.ts'), `export const x = 'src/deep/B.ts';\n`);
    expect(bundleIsCurrent(root, out)).toBe(false);
  });

  it('is stale when a source is gone, when the stamp is missing or broken', () => {
    const { root, out, inputs, builtAt } = checkout();
    writeStamp(root, out, inputs, builtAt);
    rmSync(join(root, 'src', 'a.ts'));
    expect(bundleIsCurrent(root, out)).toBe(false);
    const other = checkout();
    expect(bundleIsCurrent(other.root, other.out)).toBe(false);
    writeFileSync(join(other.out, STAMP_FILE), '{ "files": ');
    expect(bundleIsCurrent(other.root, other.out)).toBe(false);
  });

  it('a source written while the bundle was built keeps it stale until the next build', () => {
    const { root, out, inputs, builtAt } = checkout();
    // Written after the build began: esbuild may have read the text before this write.
    writeFileSync(join(root, 'src', 'a.ts'), `export const x = 'later';\n`);
    writeStamp(root, out, inputs, builtAt);
    expect(bundleIsCurrent(root, out)).toBe(false);
  });
});

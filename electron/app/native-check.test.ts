// The start-up check on real addons under Node: better-sqlite3's own build loads, a file
// compiled for another NODE_MODULE_VERSION (test/support/foreign-abi-addon.ts) and a missing one
// are each named, with the command that fixes them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileForeignAbiAddon, FOREIGN_ABI } from '../../test/support/foreign-abi-addon.ts';
import { checkNativeModule, nativeLoadProblem, nativeProblemMessage, sqliteFixCommand } from './native-check.ts';

let dir: string;
let foreign: string;

const openWith = (nativeBinding: string) => () => new Database(':memory:', { nativeBinding }).close();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-native-'));
  foreign = compileForeignAbiAddon(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the native module check', () => {
  it("passes better-sqlite3's own build", () => {
    expect(
      checkNativeModule('better-sqlite3', () => new Database(':memory:').close(), sqliteFixCommand(false)),
    ).toBeUndefined();
  });

  it('names a build for another ABI, both ABI numbers, and the fix', () => {
    const problem = checkNativeModule('better-sqlite3', openWith(foreign), sqliteFixCommand(false));
    expect(problem).toMatchObject({
      module: 'better-sqlite3',
      kind: 'wrong-abi',
      builtFor: FOREIGN_ABI,
      required: Number(process.versions.modules),
    });
    const { title, text } = nativeProblemMessage(problem!);
    expect(title).toBe('better-sqlite3 cannot load: SQLite connections will fail');
    expect(text).toContain(
      `compiled for another runtime (NODE_MODULE_VERSION ${FOREIGN_ABI}; this one needs ${process.versions.modules})`,
    );
    expect(text).toContain('Fix: node scripts/electron-native.mjs --force');
    expect(text).toContain(foreign);
  });

  it('names a missing addon', () => {
    const problem = checkNativeModule(
      'better-sqlite3',
      openWith(join(dir, 'nowhere', 'better_sqlite3.node')),
      sqliteFixCommand(true),
    );
    expect(problem).toMatchObject({ kind: 'missing', fix: 'npm run dist' });
    expect(nativeProblemMessage(problem!).text).toMatch(
      /^better-sqlite3's native addon is missing\. .*\nFix: npm run dist\n/,
    );
  });

  it('calls any other loader failure unloadable, with its first line', () => {
    const notAnAddon = join(dir, 'text.node');
    writeFileSync(notAnAddon, 'not a shared object');
    const problem = checkNativeModule('better-sqlite3', openWith(notAnAddon), 'x');
    expect(problem).toMatchObject({ kind: 'unloadable' });
    expect(problem!.detail).not.toContain('\n');
    expect(nativeLoadProblem('m', 'a string thrown', 'x')).toMatchObject({
      kind: 'unloadable',
      detail: 'a string thrown',
    });
  });
});

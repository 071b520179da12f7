// The main process started (fake Electron, as in main.test.ts) with a better-sqlite3 built
// for another ABI: it says so in the log and in a dialog over the window, with the fix, and
// the studio still opens and answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Fake from '../../test/support/fake-electron.ts';
import { compileForeignAbiAddon, FOREIGN_ABI } from '../../test/support/foreign-abi-addon.ts';
import { bundleWithFakeElectron } from '../../test/support/ipc-door.ts';

let dir: string;
let fake: typeof Fake;
const logged: string[] = [];
const saved = { argv: process.argv, env: { ...process.env } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-main-native-'));
  mkdirSync(join(dir, 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Strata</title>');
  const main = join(dir, 'electron', 'main.js');
  await bundleWithFakeElectron(resolve('electron/app/main.ts'), main);
  process.env.STRATA_CONFIG_DIR = join(dir, 'config');
  process.env.STRATA_SQLITE_BINDING = compileForeignAbiAddon(dir);
  process.argv = ['/fake/electron', main, '--project', resolve('migrations-sample')];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  await import(pathToFileURL(main).href);
  fake = (globalThis as unknown as { __fakeElectron: typeof Fake }).__fakeElectron;
});

afterAll(() => {
  vi.restoreAllMocks();
  process.argv = saved.argv;
  process.env = saved.env;
  rmSync(dir, { recursive: true, force: true });
});

describe('Electron main process with a wrong-ABI better-sqlite3 (fake Electron)', () => {
  it('reports the module, both ABIs and the fix over the window, and keeps running', async () => {
    fake.app.becomeReady();
    await vi.waitFor(() => expect(fake.dialog.shown.length).toBe(1));
    const [win] = fake.BrowserWindow.all;
    const { window, options } = fake.dialog.shown[0]!;
    expect(window).toBe(win);
    expect(options).toMatchObject({
      type: 'warning',
      title: 'better-sqlite3 cannot load: SQLite connections will fail',
    });
    expect(options.detail).toContain(`NODE_MODULE_VERSION ${FOREIGN_ABI}; this one needs ${process.versions.modules}`);
    expect(options.detail).toContain('Fix: node scripts/electron-native.mjs --force');
    expect(logged.join('')).toMatch(
      /strata: better-sqlite3 cannot load: .*Fix: node scripts\/electron-native\.mjs --force/,
    );
    expect(fake.app.exitCode).toBeUndefined();
  });
});

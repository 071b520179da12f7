// The installed app as the `strata` command (STRATA_CLI=1, set by the script the menu
// installs): the main process runs the CLI bundle beside it and exits with its code, opening
// no window and taking no single-instance lock. Fake Electron, as in main.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleCli } from '../../scripts/build-cli.mjs';
import type * as Fake from '../../test/support/fake-electron.ts';
import { bundleWithFakeElectron } from '../../test/support/ipc-door.ts';

let dir: string;
let fake: typeof Fake;
const out: string[] = [];
const saved = { argv: process.argv, env: { ...process.env } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-main-cli-'));
  const main = join(dir, 'electron', 'main.js');
  await Promise.all([
    bundleWithFakeElectron(resolve('electron/app/main.ts'), main),
    bundleCli({ outdir: join(dir, 'cli') }),
  ]);
  process.env.STRATA_CLI = '1';
  process.env.STRATA_CONFIG_DIR = join(dir, 'config');
  process.argv = ['/fake/electron', main, '--project', resolve('migrations-sample'), '--no-color', 'heads'];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, done?: () => void) => {
    out.push(String(chunk));
    done?.();
    return true;
  }) as typeof process.stdout.write);
  await import(pathToFileURL(main).href);
  fake = (globalThis as unknown as { __fakeElectron: typeof Fake }).__fakeElectron;
}, 60_000);

afterAll(() => {
  vi.restoreAllMocks();
  process.argv = saved.argv;
  process.env = saved.env;
  rmSync(dir, { recursive: true, force: true });
});

describe('the app as the strata command (fake Electron)', () => {
  it('runs the CLI with the arguments after the entry, exits with its code, opens nothing', async () => {
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(0), { timeout: 20_000 });
    const text = out.join('');
    // The sample's two heads: main's and the open audit branch's.
    expect(text).toContain('6889de750fdb');
    expect(text).toContain('0874aef793be');
    expect(fake.app.lockRequested).toBe(false);
    expect(fake.BrowserWindow.all).toEqual([]);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

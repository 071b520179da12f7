// The `strata` command the menu installs: a script that runs the app's executable in CLI
// mode with every argument intact, written where it is allowed, never over someone else's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appExecutable, installCliShim, shimReport, shimTargets } from './cli-shim.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "strata-shim-it's "));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the app: prints the CLI switch and each argument on its own line. */
function fakeApp(): string {
  const app = join(dir, "Strata's app", 'strata-studio');
  mkdirSync(join(app, '..'), { recursive: true });
  writeFileSync(app, '#!/bin/sh\necho "STRATA_CLI=$STRATA_CLI"\nfor a in "$@"; do echo "[$a]"; done\n', {
    mode: 0o755,
  });
  return app;
}

describe("the 'strata' command installed by the app", () => {
  it('runs the app in CLI mode with the arguments as given (spaces, quotes, a leading dash)', () => {
    const installed = installCliShim({
      executable: fakeApp(),
      platform: 'linux',
      home: dir,
      path: `/usr/bin:${join(dir, '.local', 'bin')}`,
    });
    expect(installed).toEqual({ ok: true, path: join(dir, '.local', 'bin', 'strata'), onPath: true });
    if (!installed.ok) return;
    expect(statSync(installed.path).mode & 0o777).toBe(0o755);
    const out = execFileSync(installed.path, ['--project', 'my app', 'downgrade', '-1', `it's "quoted"`], {
      encoding: 'utf8',
    });
    expect(out.split('\n')).toEqual([
      'STRATA_CLI=1',
      '[--project]',
      '[my app]',
      '[downgrade]',
      '[-1]',
      `[it's "quoted"]`,
      '',
    ]);
  });

  it('says when the folder is not on PATH, and replaces its own script on a second install', () => {
    const app = fakeApp();
    expect(installCliShim({ executable: app, platform: 'linux', home: dir, path: '/usr/bin' })).toMatchObject({
      ok: true,
      onPath: false,
    });
    expect(installCliShim({ executable: `${app}-2`, platform: 'linux', home: dir, path: undefined })).toMatchObject({
      ok: true,
    });
    expect(readFileSync(join(dir, '.local', 'bin', 'strata'), 'utf8')).toMatch(/strata-studio-2' "\$@"\n$/);
  });

  it('never overwrites a strata it did not write; tries the next place, else says why', () => {
    const theirs = join(dir, 'bin', 'strata');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(theirs, '#!/usr/bin/env node\n// the npm CLI\n');
    const ours = join(dir, 'user', 'strata');
    expect(
      installCliShim({
        executable: fakeApp(),
        platform: 'darwin',
        home: dir,
        path: undefined,
        targets: [theirs, ours],
      }),
    ).toMatchObject({ ok: true, path: ours });
    expect(readFileSync(theirs, 'utf8')).toContain('the npm CLI');
    const refused = installCliShim({
      executable: fakeApp(),
      platform: 'darwin',
      home: dir,
      path: undefined,
      targets: [theirs],
    });
    expect(refused).toEqual({
      ok: false,
      reason: `${theirs} exists and was not installed by Strata: remove it first to use this one`,
    });
  });

  it('installs to /usr/local/bin on macOS first, ~/.local/bin on Linux; the AppImage file, not its mount', () => {
    expect(shimTargets('darwin', '/Users/me')).toEqual(['/usr/local/bin/strata', '/Users/me/.local/bin/strata']);
    expect(shimTargets('linux', '/home/me')).toEqual(['/home/me/.local/bin/strata']);
    expect(appExecutable('/tmp/.mount_StrataX/strata-studio', { APPIMAGE: '/home/me/Apps/Strata.AppImage' })).toBe(
      '/home/me/Apps/Strata.AppImage',
    );
    expect(appExecutable('/opt/Strata/strata-studio', {})).toBe('/opt/Strata/strata-studio');
  });

  it('tells the user where it went and what to do next', () => {
    expect(shimReport({ ok: true, path: '/home/me/.local/bin/strata', onPath: true })).toEqual({
      ok: true,
      message: "'strata' is installed: /home/me/.local/bin/strata",
      detail: 'Open a new terminal and run: strata --help',
    });
    expect(shimReport({ ok: true, path: '/home/me/.local/bin/strata', onPath: false }).detail).toContain(
      'export PATH="/home/me/.local/bin:$PATH"',
    );
    expect(shimReport({ ok: false, reason: 'x: EACCES' })).toEqual({
      ok: false,
      message: "The 'strata' command could not be installed",
      detail: 'x: EACCES',
    });
  });
});

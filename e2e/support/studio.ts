// The studio under test: a fresh copy of a project and a fresh config folder per test,
// opened through the bridge in Chromium (web) or as the Electron app (electron).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, test as base, type ElectronApplication, type Page, type TestInfo } from '@playwright/test';
import pg from 'pg';
import { electronBinary } from './electron-binary.ts';

export interface Studio {
  readonly page: Page;
  readonly dir: string;
  readonly configDir: string;
  /** The bridge, in the web project. */
  readonly bridge: { readonly url: string; readonly token: string; readonly origin: string } | undefined;
  /** The app, in the electron project (its main process can be scripted: a native dialog). */
  readonly electron: ElectronApplication | undefined;
  shot(name: string): Promise<void>;
}

export interface StudioOptions {
  /** The project folder copied for each test. */
  readonly projectSource: string;
  /** Changes the copy before the studio opens it (e.g. breaks a revision). An object, since
   * Playwright would take a bare function for a fixture. */
  readonly projectPatch: { readonly apply: (dir: string) => void } | undefined;
  /** Changes the fresh config folder before the studio starts (e.g. a damaged connections.json). */
  readonly configPatch: { readonly apply: (configDir: string) => void } | undefined;
  /** Starts the studio with no project named, in an empty folder: a first run. */
  readonly withoutProject: boolean;
}

/** `dir` undefined: no project named, started in `cwd`. */
function startBridge(
  dir: string | undefined,
  configDir: string,
  cwd: string,
): Promise<{ child: ChildProcess; url: string }> {
  const args = [resolve('bin/strata.js'), ...(dir ? ['--project', dir] : []), 'serve'];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, STRATA_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bridge did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl({ child, url: match[0] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`bridge exited with ${code}: ${out}`)));
  });
}

export const test = base.extend<StudioOptions & { studio: Studio }>({
  projectSource: ['migrations-sample', { option: true }],
  projectPatch: [undefined, { option: true }],
  configPatch: [undefined, { option: true }],
  withoutProject: [false, { option: true }],
  studio: async ({ browser, projectSource, projectPatch, configPatch, withoutProject }, use, testInfo) => {
    const root = mkdtempSync(join(tmpdir(), 'strata-e2e-'));
    const dir = join(root, 'project');
    cpSync(resolve(projectSource), dir, { recursive: true, filter: (src) => !/dev\.sqlite/.test(src) });
    projectPatch?.apply(dir);
    const configDir = join(root, 'config');
    mkdirSync(configDir);
    configPatch?.apply(configDir);
    const shotsDir = resolve('test-results/screenshots');
    mkdirSync(shotsDir, { recursive: true });
    const shot =
      (page: Page) =>
      async (name: string): Promise<void> => {
        await page.screenshot({ path: join(shotsDir, `${testInfo.project.name}-${name}.png`) });
      };
    if (testInfo.project.name === 'electron') {
      const executablePath = electronBinary() as string;
      const args = [resolve('dist/electron/main.js'), ...(withoutProject ? [] : ['--project', dir])];
      const app = await _electron.launch({
        executablePath,
        args,
        cwd: root,
        env: { ...process.env, STRATA_CONFIG_DIR: configDir } as Record<string, string>,
      });
      const page = await app.firstWindow();
      await use({ page, dir, configDir, bridge: undefined, electron: app, shot: shot(page) });
      await app.close();
      removeUnlessFailed(root, testInfo);
      return;
    }
    const { child, url } = await startBridge(withoutProject ? undefined : dir, configDir, root);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    const parsed = new URL(url);
    await use({
      page,
      dir,
      configDir,
      bridge: { url, token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '', origin: parsed.origin },
      electron: undefined,
      shot: shot(page),
    });
    await context.close();
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolveWait) => setTimeout(resolveWait, 5000))]);
    removeUnlessFailed(root, testInfo);
    // A CSP violation or an uncaught error in the renderer fails the test that caused it.
    test
      .expect(
        errors.filter((e) => !/Failed to load resource.*(401|403)/.test(e)),
        'renderer console errors',
      )
      .toEqual([]);
  },
});

export const expect = test.expect;

/** The test's project and databases go once it passed; a failed test's stay for a look. */
function removeUnlessFailed(root: string, testInfo: TestInfo): void {
  if (testInfo.status === testInfo.expectedStatus) rmSync(root, { recursive: true, force: true });
}

/** A fresh database on the e2e PostgreSQL server. */
export async function createPgDatabase(): Promise<{
  url: string;
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
}> {
  const admin = process.env.STRATA_E2E_PG_URL;
  if (!admin) throw new Error('STRATA_E2E_PG_URL is not set (global setup)');
  const name = `strata_e2e_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    host: u.hostname,
    port: Number(u.port),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/**
 * A fresh database on the test PostgreSQL, added through the connection dialog as a user
 * does, then made the active connection. `beforeSave` runs with the dialog filled in.
 */
export async function addPostgresConnection(
  page: Page,
  name: string,
  beforeSave?: () => Promise<void>,
): Promise<Awaited<ReturnType<typeof createPgDatabase>>> {
  const db = await createPgDatabase();
  await page.getByTestId('add-connection').click();
  const dialog = page.getByTestId('connection-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('conn-name').fill(name);
  await dialog.getByTestId('conn-kind').selectOption('postgres');
  await dialog.getByTestId('conn-host').fill(db.host);
  await dialog.getByTestId('conn-port').fill(String(db.port));
  await dialog.getByTestId('conn-database').fill(db.name);
  await dialog.getByTestId('conn-user').fill(db.user);
  await dialog.getByTestId('conn-password').fill(db.password);
  await dialog.getByTestId('conn-ssl').selectOption('disable');
  await beforeSave?.();
  await dialog.getByTestId('conn-save').click();
  const item = page.locator('[data-testid="connection-item"]', { hasText: name });
  await item.click();
  await expect(item).toHaveAttribute('data-status', 'reachable');
  return db;
}

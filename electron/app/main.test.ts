// The main process's wiring, run for real under Node with 'electron' swapped for a fake
// (test/support/fake-electron.ts): no Electron binary can run here or in CI, and this is what
// would otherwise go untested — the start-up order, the window's options, one IPC handler
// per method with its sender check, the protocol, navigation/permission refusals, events,
// remembered state and the keychain fallback. Electron's own behaviour is not simulated
// beyond what these calls return.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWithFakeElectron } from '../../test/support/ipc-door.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/api/errors.ts';
import type * as Fake from '../../test/support/fake-electron.ts';

type FakeElectron = typeof Fake;
const PASSWORD = 'Pa55-word-never-in-a-file';

let dir: string;
let project: string;
let fake: FakeElectron;
let win: Fake.FakeBrowserWindow;
const logged: string[] = [];
const saved = { argv: process.argv, env: { ...process.env } };

function invoke(
  method: string,
  input: unknown,
  from: { sender?: Fake.FakeWebContents; frame?: Fake.FakeFrame | null } = {},
): Promise<Result<unknown>> {
  const handler = fake.ipcMain.handlers.get(`strata:invoke:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  const sender = from.sender ?? win.webContents;
  return handler({ sender, senderFrame: from.frame === undefined ? sender.mainFrame : from.frame }, input) as Promise<
    Result<unknown>
  >;
}

function allFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-main-'));
  project = join(dir, 'project');
  cpSync(resolve('migrations-sample'), project, { recursive: true, filter: (src) => !/dev\.sqlite/.test(src) });
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'renderer', 'index.html'),
    '<!doctype html><title>Strata</title><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'export {};');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const main = join(dir, 'electron', 'main.js');
  await bundleWithFakeElectron(resolve('electron/app/main.ts'), main);
  process.env.STRATA_CONFIG_DIR = join(dir, 'config');
  delete process.env.STRATA_PROJECT;
  delete process.env.STRATA_SQLITE_BINDING;
  // As Playwright launches it: Chromium switches before the entry script.
  process.argv = ['/fake/electron', '--inspect=0', '--remote-debugging-port=0', main, '--project', project];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  await import(pathToFileURL(main).href);
  fake = (globalThis as unknown as { __fakeElectron: FakeElectron }).__fakeElectron;
});

afterAll(() => {
  vi.restoreAllMocks();
  process.argv = saved.argv;
  process.env = saved.env;
  rmSync(dir, { recursive: true, force: true });
});

describe('Electron main process (fake Electron)', () => {
  it('does its before-ready work while the module evaluates', () => {
    expect(fake.app.isReady()).toBe(false);
    expect(fake.app.name).toBe('Strata');
    expect(fake.app.getPath('userData')).toBe(join(dir, 'config', 'electron'));
    expect(fake.protocol.privileged).toEqual([
      {
        scheme: 'strata',
        privileges: expect.objectContaining({ standard: true, secure: true, corsEnabled: true, supportFetchAPI: true }),
      },
    ]);
    expect(fake.app.lockRequested).toBe(true);
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(METHODS.map((m) => `strata:invoke:${m}`).sort());
    expect(logged.join('')).toMatch(/no better-sqlite3 build for Electron/);
  });

  it('opens one locked-down window on the app origin once ready, shown on first paint', async () => {
    fake.app.becomeReady();
    await vi.waitFor(() => expect(fake.BrowserWindow.all.length).toBe(1));
    win = fake.BrowserWindow.all[0] as Fake.FakeBrowserWindow;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toBe(
      join(dir, 'electron', 'preload.cjs'),
    );
    expect(win.options.show).toBe(false);
    expect(win.webContents.getURL()).toBe('strata://app/index.html');
    expect(win.isVisible()).toBe(false);
    win.emit('ready-to-show');
    expect(win.isVisible()).toBe(true);
    expect(logged.join('')).toContain(`project ${project} (argument)`);
  });

  it("sets a menu of Electron's standard roles; the CLI installer only in a package", () => {
    const template = JSON.stringify(fake.Menu.current?.template);
    for (const role of ['fileMenu', 'editMenu', 'viewMenu', 'windowMenu'])
      expect(template).toContain(`"role":"${role}"`);
    expect(template).not.toContain("Install 'strata'");
  });

  it('answers the contract through IPC for our page', async () => {
    const info = await invoke('project.info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'project', dir: project, problems: [] } });
    expect(await invoke('revision.get', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await invoke('project.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('shows no welcome screen when a project was named, and picks folders with the native dialog', async () => {
    expect(await invoke('studio.welcome', {})).toEqual({
      ok: true,
      value: { show: false, sample: null, pickFolder: true },
    });
    fake.dialog.nextPick = join(dir, 'picked');
    expect(await invoke('studio.pickFolder', { purpose: 'alembic' })).toEqual({
      ok: true,
      value: { dir: join(dir, 'picked') },
    });
    fake.dialog.nextPick = null;
    expect(await invoke('studio.pickFolder', { purpose: 'new' })).toEqual({ ok: true, value: { dir: null } });
    const [alembic, created] = fake.dialog.shown.slice(-2);
    expect(alembic?.window).toBe(win);
    expect(alembic?.options).toMatchObject({
      title: expect.stringContaining('alembic.ini'),
      properties: ['openDirectory', 'createDirectory'],
    });
    expect(created?.options).toMatchObject({ buttonLabel: 'Create project here' });
  });

  it('refuses other windows, other origins, iframes and vanished frames', async () => {
    const other = new fake.BrowserWindow({});
    await other.loadURL('strata://app/index.html');
    const cases = [
      { sender: other.webContents },
      { frame: { url: 'https://evil.example/', parent: null } },
      { frame: { url: 'file:///tmp/x.html', parent: null } },
      { frame: { url: 'strata://app/index.html', parent: win.webContents.mainFrame } },
      { frame: null },
    ];
    for (const from of cases)
      expect(await invoke('project.info', {}, from)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('serves only the renderer folder over strata://, with the CSP', async () => {
    const handler = fake.session.defaultSession.handlers.get('strata');
    if (!handler) throw new Error('no protocol handler');
    const index = await handler(new Request('strata://app/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/connect-src 'self';/);
    expect(await index.text()).toContain('<title>Strata</title>');
    const script = await handler(new Request('strata://app/assets/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await handler(new Request('strata://app/assets/..%2f..%2fsecret.txt'))).status).toBe(404);
    expect((await handler(new Request('strata://app/nope.js'))).status).toBe(404);
    expect((await handler(new Request('strata://app/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('keeps the window on the app: navigation, new windows, webviews and permissions are refused', () => {
    const contents = win.webContents;
    expect(contents.fire('will-navigate', 'strata://app/index.html')).toBe(false);
    expect(contents.fire('will-navigate', 'https://www.postgresql.org/docs/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://example.com/')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/a' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(fake.shell.opened).toEqual(['https://www.postgresql.org/docs/', 'https://example.com/a']);
    const answers: boolean[] = [];
    fake.session.defaultSession.permissionRequest?.(
      ...([contents, 'media', (ok: boolean) => answers.push(ok)] as never[]),
    );
    expect(answers).toEqual([false]);
    expect(fake.session.defaultSession.permissionCheck?.()).toBe(false);
  });

  it('pushes events to our windows only', async () => {
    const status = await invoke('database.status', { id: 'default' });
    expect(status).toMatchObject({ ok: true, value: { connectionId: 'default', reachable: false } });
    expect(win.webContents.sent).toContainEqual({
      channel: 'strata:event',
      message: { event: 'database.status', payload: expect.objectContaining({ connectionId: 'default' }) },
    });
    const other = fake.BrowserWindow.all[1] as Fake.FakeBrowserWindow;
    expect(other.webContents.sent).toEqual([]);
  });

  it("keeps passwords in memory only when the keychain is Linux's basic_text", async () => {
    expect(logged.join('')).toMatch(/basic_text.*in memory for this session only/);
    const saved = await invoke('connections.save', {
      name: 'staging',
      settings: { kind: 'postgres', host: 'db', port: 5432, database: 'app', user: 'me', sslMode: 'prefer' },
      password: PASSWORD,
      protected: false,
      // A PostgreSQL connection beside the SQLite sample: kept for every project, on purpose.
      shared: true,
    });
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true, secretStorage: 'memory' } });
    for (const file of allFiles(dir)) expect(readFileSync(file, 'utf8').includes(PASSWORD), file).toBe(false);
    expect(logged.join('')).not.toContain(PASSWORD);
  });

  it('opens the folder a second launch names, and one macOS hands over (open-file), in the window', async () => {
    const other = join(dir, 'other');
    cpSync(project, other, { recursive: true });
    // `strata-studio other` from the parent folder, while the studio runs.
    fake.app.emit('second-instance', {}, ['/fake/electron', process.argv[3], 'other'], dir);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(1));
    expect(await invoke('project.info', {})).toMatchObject({ ok: true, value: { dir: other } });
    // A strata.json dropped on the Dock icon: its folder, and Electron's default (nothing) prevented.
    let prevented = false;
    fake.app.emit('open-file', { preventDefault: () => (prevented = true) }, join(project, 'strata.json'));
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(2));
    expect(await invoke('project.info', {})).toMatchObject({ ok: true, value: { dir: project } });
    expect(logged.join('')).toContain(`project ${other} (opened while running)`);
  });

  it('focuses the window on a second launch and remembers window and project', async () => {
    win.minimized = true;
    const focused = win.focused;
    // Electron passes the second launch's argv and working folder; this one names no project.
    fake.app.emit('second-instance', {}, ['/fake/electron', process.argv[3]], dir);
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(focused + 1);
    expect(win.webContents.reloads).toBe(2); // the two opens before, none for this one
    expect(await invoke('project.open', { dir: project })).toMatchObject({ ok: true });
    win.bounds = { x: 40, y: 30, width: 1000, height: 700 };
    win.close();
    const state = JSON.parse(readFileSync(join(dir, 'config', 'electron', 'studio-state.json'), 'utf8'));
    expect(state).toEqual({
      lastProject: project,
      window: { bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: false },
    });
  });

  it('closes the IPC door and the service before quitting', async () => {
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(2));
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

// The Electron main process, bundled to dist/electron/main.js (scripts/build.mjs) with the
// preload and the database worker beside it. Owns the window, the strata://app/ protocol,
// the IPC door and the keychain; everything the studio can do is the service's.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, safeStorage, session } from 'electron';
import type { ProjectInfo } from '../../shared/api/project.ts';
import { createDispatcher, type Dispatch } from '../../shared/rpc/dispatcher.ts';
import { createService, type Service } from '../engine/service/service.ts';
import type { SecretStore } from '../engine/service/secrets.ts';
import { setAppMenu } from './app-menu.ts';
import { registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { CLI_ENV } from './cli-shim.ts';
import { openIpcDoor } from './ipc.ts';
import { chooseProject, launchArguments, projectFolder, requestedProject } from './launch-options.ts';
import { folderPicker } from './folder-picker.ts';
import { checkNativeModule, nativeProblemMessage, sqliteFixCommand, type NativeModuleProblem } from './native-check.ts';
import { SafeStorageSecretStore, SessionSecretStore } from './safe-storage-secrets.ts';
import { denyPermissions, hardenWebContents } from './security.ts';
import { readStudioState, writeStudioState, type StudioState } from './studio-state.ts';
import { createStudioWindow } from './studio-window.ts';

// Laid out by the build: dist/electron/{main.js,preload.cjs,db-worker.js,lint-worker.js}, dist/renderer,
// dist/native/electron; migrations-sample at the top of a checkout.
const HERE = import.meta.dirname;
const RENDERER_DIR = join(HERE, '..', 'renderer');
const PRELOAD = join(HERE, 'preload.cjs');
const ELECTRON_SQLITE_BINDING = join(HERE, '..', 'native', 'electron', 'better_sqlite3.node');
const SAMPLE_PROJECT = join(HERE, '..', '..', 'migrations-sample');
/** The CLI bundle's loader (scripts/build-cli.mjs), packed beside dist/electron. */
const CLI_LOADER = join(HERE, '..', 'cli', 'load.cjs');
type CliRunner = (bundleDir: string, argv: readonly string[]) => Promise<number>;
/** The sample project: shipped beside app.asar in a package (electron-builder.yml's extraResources). */
function sampleProject(): string | null {
  const dir = app.isPackaged ? join(process.resourcesPath, 'migrations-sample') : SAMPLE_PROJECT;
  return existsSync(join(dir, 'strata.json')) ? dir : null;
}
/** Quitting waits this long at most for pending keychain writes and the workers. */
const QUIT_GRACE_MS = 2_000;

function log(message: string): void {
  process.stderr.write(`strata: ${message}\n`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * better-sqlite3 in node_modules is built for Node's ABI (CLI, tests, bridge); Electron needs
 * a build against its own headers, made by scripts/electron-native.mjs. The SQLite driver
 * loads the file STRATA_SQLITE_BINDING names, and the database workers inherit this
 * environment, so it is set before any worker starts.
 */
function useElectronSqliteBinding(): void {
  if (process.env.STRATA_SQLITE_BINDING) return;
  if (existsSync(ELECTRON_SQLITE_BINDING)) process.env.STRATA_SQLITE_BINDING = ELECTRON_SQLITE_BINDING;
  else
    log(
      `no better-sqlite3 build for Electron (${ELECTRON_SQLITE_BINDING}): ` +
        `run \`node scripts/electron-native.mjs\`; SQLite connections fail until then`,
    );
}

/** Loads the SQLite addon the workers will load, once, to name a wrong build before a query meets it. */
async function checkSqliteAddon(): Promise<NativeModuleProblem | undefined> {
  const fix = sqliteFixCommand(app.isPackaged);
  let Database: typeof import('better-sqlite3');
  try {
    ({ default: Database } = await import('better-sqlite3'));
  } catch (error) {
    return checkNativeModule(
      'better-sqlite3',
      () => {
        throw error;
      },
      fix,
    );
  }
  const nativeBinding = process.env.STRATA_SQLITE_BINDING;
  return checkNativeModule(
    'better-sqlite3',
    () => new Database(':memory:', nativeBinding ? { nativeBinding } : {}).close(),
    fix,
  );
}

/** Said in the log and in a dialog over the window; the studio goes on (PostgreSQL still works). */
async function reportNativeProblems(win: BrowserWindow | undefined): Promise<void> {
  const problem = await checkSqliteAddon();
  if (!problem) return;
  const { title, text } = nativeProblemMessage(problem);
  log(`${title}: ${text.replaceAll('\n', ' ')}`);
  const options = { type: 'warning' as const, title, message: title, detail: text };
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

// ---- Before `ready`: all of this must run synchronously while the module evaluates. ----

// STRATA_CONFIG_DIR (tests, a portable setup) is where the CLI and the bridge keep their
// connections too; the Chromium profile, window state and encrypted passwords go beside
// them in electron/. The single-instance lock lives in userData, so each folder has its own.
const configOverride = process.env.STRATA_CONFIG_DIR;
app.setName('Strata');
app.setPath('userData', configOverride ? join(configOverride, 'electron') : join(app.getPath('appData'), 'Strata'));
const userData = app.getPath('userData');
const configDir = configOverride ?? userData;

if (process.env[CLI_ENV] === '1') runCli();
else {
  registerAppScheme();
  hardenWebContents();
  useElectronSqliteBinding();
  if (!app.requestSingleInstanceLock()) app.quit();
  else startStudio();
}

/**
 * The `strata` command of the installed app (cli-shim.ts): the CLI in this process, no
 * window, no single-instance lock (a running studio is not disturbed), then exit with its code.
 */
function runCli(): void {
  useElectronSqliteBinding();
  app.dock?.hide();
  const args = launchArguments(process.argv, import.meta.filename, process.cwd());
  const done = (code: number): void => {
    // Piped output is written asynchronously: exit once it is out.
    process.stdout.write('', () => process.stderr.write('', () => app.exit(code)));
  };
  // The bundle's loader (scripts/cli-loader.cjs) runs its CommonJS chunks with V8's code cache.
  Promise.resolve()
    .then(() => {
      const loader = createRequire(import.meta.url)(CLI_LOADER) as { runCli: CliRunner };
      return loader.runCli(dirname(CLI_LOADER), args);
    })
    .then(done, (error: unknown) => {
      log(`the CLI could not start from ${CLI_LOADER}: ${errorText(error)}`);
      done(1);
    });
}

function startStudio(): void {
  const windows = new Set<BrowserWindow>();
  const stateFile = join(userData, 'studio-state.json');
  let state: StudioState = readStudioState(stateFile);
  const remember = (patch: StudioState): void => {
    state = { ...state, ...patch };
    try {
      writeStudioState(stateFile, state);
    } catch (error) {
      log(`could not save ${stateFile}: ${errorText(error)}`);
    }
  };

  // IPC is open before the page loads; calls that arrive while the keychain is still being
  // read wait for the service here instead of failing.
  let service: Service | undefined;
  let secrets: SecretStore & { flush(): Promise<void> } = new SessionSecretStore('not started');
  let serviceReady: (dispatch: Dispatch) => void = () => {};
  const inner = new Promise<Dispatch>((resolve) => (serviceReady = resolve));
  const dispatch: Dispatch = async (method, input) => {
    const result = await (await inner)(method, input);
    if (method === 'project.open' && result.ok) remember({ lastProject: (result.value as ProjectInfo).dir });
    return result;
  };
  const door = openIpcDoor(dispatch, windows);

  const openWindow = (): BrowserWindow => {
    const win = createStudioWindow({
      preload: PRELOAD,
      saved: state.window,
      onWindowState: (window) => remember({ window }),
    });
    windows.add(win);
    win.on('closed', () => windows.delete(win));
    return win;
  };

  const toFront = (): BrowserWindow | undefined => {
    const win = [...windows][0];
    if (!win) {
      // macOS: the app outlived its last window
      return app.isReady() ? openWindow() : undefined;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  };
  // A folder asked for while running (a second launch's argument, a folder dropped on the macOS
  // Dock icon) replaces the open project; asked for before the project was chosen, it is the choice.
  let projectChosen = false;
  let openedEarly: string | undefined;
  const openRequested = (dir: string): void => {
    if (!projectChosen) {
      openedEarly = dir;
      return;
    }
    log(`project ${dir} (opened while running)`);
    void dispatch('project.open', { dir }).then((result) => {
      if (!result.ok) log(`could not open ${dir}: ${result.error.message}`);
      // The page starts again on the service's project: the graph, its errors or the welcome.
      toFront()?.webContents.reload();
    });
  };
  // A second launch hands over to this one: its window comes to the front, with its project.
  app.on('second-instance', (_event, argv: string[], workingDirectory: string) => {
    const dir = requestedProject(launchArguments(argv, import.meta.filename, workingDirectory), workingDirectory);
    if (dir === undefined) toFront();
    else openRequested(dir);
  });
  // macOS only: sent instead of an argument, before ready when it launched the app.
  app.on('open-file', (event, path: string) => {
    event.preventDefault();
    openRequested(projectFolder(path, process.cwd()));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && windows.size === 0) openWindow();
  });
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    door.dispose();
    const grace = new Promise((resolve) => setTimeout(resolve, QUIT_GRACE_MS));
    void Promise.race([Promise.allSettled([secrets.flush(), service?.dispose()]), grace]).finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      setAppMenu({ packaged: app.isPackaged, platform: process.platform });
      denyPermissions(session.defaultSession);
      serveAppProtocol(session.defaultSession, RENDERER_DIR);
      const project = chooseProject({
        opened: openedEarly,
        args: launchArguments(process.argv, import.meta.filename, process.cwd()),
        env: process.env,
        cwd: process.cwd(),
        lastProject: state.lastProject,
        home: app.getPath('home'),
        isDirectory,
      });
      projectChosen = true;
      log(`project ${project.dir} (${project.source})`);
      if (project.source !== 'home' && isDirectory(project.dir)) remember({ lastProject: project.dir });

      // The window first: it shows while the keychain is read and the project loaded.
      const win = openWindow();
      void reportNativeProblems(win).catch((error: unknown) =>
        log(`the native module check failed: ${errorText(error)}`),
      );
      try {
        secrets = await SafeStorageSecretStore.open({ file: join(userData, 'secrets.json'), safeStorage, warn: log });
      } catch (error) {
        secrets = new SessionSecretStore(errorText(error));
        log(
          `the keychain could not be opened (${errorText(error)}): ` +
            `connection passwords are kept in memory for this session only`,
        );
      }
      service = createService({
        projectDir: project.dir,
        configDir,
        secrets,
        emit: door.emit,
        onContractViolation: (violation) => log(violation.message),
        // Nothing named, nothing remembered: the welcome screen, not the home folder's "no project".
        welcome: { show: project.source === 'home', sample: sampleProject() },
        pickFolder: folderPicker(() => BrowserWindow.getFocusedWindow() ?? [...windows][0]),
      });
      serviceReady(
        createDispatcher(service.handlers, {
          onInternalError: (method, error) => log(`${method} failed: ${errorText(error)}`),
        }),
      );
    })
    .catch((error: unknown) => {
      log(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      app.exit(1);
    });
}

// The studio window: sandboxed, context-isolated, our preload only, the app origin only.
// It is shown as soon as it has painted once; nothing in start-up waits on a database (the
// service opens connections on the first request that needs one).
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { APP_ENTRY_URL } from './app-url.ts';
import { initialBounds, MIN_SIZE, type Rect, type StudioState } from './studio-state.ts';

export interface StudioWindowOptions {
  readonly preload: string;
  readonly saved: StudioState['window'];
  /** Called (debounced) whenever the bounds or the maximized state change, and on close. */
  readonly onWindowState: (state: NonNullable<StudioState['window']>) => void;
}

/** Shown anyway after this long, should the first paint never be reported. */
const SHOW_FALLBACK_MS = 3_000;

export function createStudioWindow(options: StudioWindowOptions): BrowserWindow {
  const workAreas: Rect[] = screen.getAllDisplays().map((d) => d.workArea);
  const win = new BrowserWindow({
    ...initialBounds(options.saved?.bounds, workAreas),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Strata',
    // The theme's --bg, so the first frame is not a white flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f7f8fa',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
  if (options.saved?.maximized) win.maximize();

  const show = (): void => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  };
  win.once('ready-to-show', show);
  const fallback = setTimeout(show, SHOW_FALLBACK_MS);
  win.webContents.once('did-fail-load', show);
  win.once('closed', () => clearTimeout(fallback));

  // Normal (unmaximized) bounds, so restoring a maximized window brings back its old size.
  let timer: NodeJS.Timeout | undefined;
  const report = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    options.onWindowState({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(report, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    clearTimeout(timer);
    report();
  });

  void win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    process.stderr.write(
      `strata: the studio page did not load: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    show();
  });
  return win;
}

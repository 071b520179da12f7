// A stand-in for the parts of 'electron' the main process uses, so its wiring (start-up
// order, window options, IPC sender checks, protocol, permissions, state) is tested under
// plain Node where no Electron binary exists. main.test.ts bundles main.ts with 'electron'
// resolved to this file; the test drives it through `globalThis.__fakeElectron`.
import { EventEmitter } from 'node:events';

type Handler = (...args: never[]) => unknown;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeWebContents extends EventEmitter {
  url = '';
  readonly sent: { channel: string; message: unknown }[] = [];
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  reloads = 0;
  reload(): void {
    this.reloads++;
  }
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  /** What will-navigate and friends see: returns whether the page prevented it. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

class FakeApp extends EventEmitter {
  name = 'Electron';
  readonly paths = new Map<string, string>([
    ['appData', '/fake/appData'],
    ['home', '/fake/home'],
  ]);
  isPackaged = false;
  lockRequested = false;
  quitCalls = 0;
  exitCode: number | undefined;
  private ready = false;
  private resolveReady: () => void = () => {};
  private readonly readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  setName(name: string): void {
    this.name = name;
  }
  setPath(name: string, path: string): void {
    if (this.ready && name === 'userData') throw new Error('userData set after ready');
    this.paths.set(name, path);
  }
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (p === undefined) throw new Error(`no path ${name}`);
    return p;
  }
  requestSingleInstanceLock(): boolean {
    this.lockRequested = true;
    return true;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  quit(): void {
    this.quitCalls++;
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('quit');
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  /** The test's `ready`: everything main.ts did before this ran before Electron's ready. */
  becomeReady(): void {
    this.ready = true;
    this.emit('ready');
    this.resolveReady();
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  /** Electron's: the window with the keyboard focus, null when the app has none. */
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((w) => w.focused > 0 && !w.destroyed) ?? null;
  }
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  maximized = false;
  minimized = false;
  focused = 0;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: (options.x as number) ?? 10,
      y: (options.y as number) ?? 10,
      width: options.width as number,
      height: options.height as number,
    };
    FakeBrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds;
  }
  close(): void {
    this.emit('close', { preventDefault: () => {} });
    this.destroyed = true;
    this.emit('closed');
  }
}

export const app = new FakeApp();

export const protocol = {
  privileged: [] as unknown[],
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    if (app.isReady()) throw new Error('registerSchemesAsPrivileged after ready');
    protocol.privileged.push(...schemes);
  },
};

export const session = {
  defaultSession: {
    handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    permissionRequest: undefined as Handler | undefined,
    permissionCheck: undefined as Handler | undefined,
    devicePermission: undefined as Handler | undefined,
    protocol: {
      handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
        session.defaultSession.handlers.set(scheme, handler);
      },
    },
    setPermissionRequestHandler(h: Handler): void {
      session.defaultSession.permissionRequest = h;
    },
    setPermissionCheckHandler(h: Handler): void {
      session.defaultSession.permissionCheck = h;
    },
    setDevicePermissionHandler(h: Handler): void {
      session.defaultSession.devicePermission = h;
    },
  },
};

export const ipcMain = {
  handlers: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  handle(channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
};

export const safeStorage = {
  backend: 'basic_text',
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptStringAsync: async (plain: string) => Buffer.from(plain, 'utf8').reverse(),
  decryptStringAsync: async (data: Buffer) => ({
    result: Buffer.from(data).reverse().toString('utf8'),
    shouldReEncrypt: false,
  }),
};

export const dialog = {
  /** Message boxes shown, with the window they were shown over (undefined: none). */
  shown: [] as { window: unknown; options: Record<string, unknown> }[],
  async showMessageBox(...args: unknown[]): Promise<{ response: number }> {
    const [window, options] = args.length > 1 ? args : [undefined, args[0]];
    dialog.shown.push({ window, options: options as Record<string, unknown> });
    return { response: 0 };
  },
  /** What the next folder picker returns: a path, or null for Cancel. */
  nextPick: null as string | null,
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    const [window, options] = args.length > 1 ? args : [undefined, args[0]];
    dialog.shown.push({ window, options: options as Record<string, unknown> });
    return dialog.nextPick === null
      ? { canceled: true, filePaths: [] }
      : { canceled: false, filePaths: [dialog.nextPick] };
  },
};

export const Menu = {
  /** The template of the application menu, once set. */
  current: null as { template: unknown[] } | null,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] }): void {
    Menu.current = menu;
  },
};

export const nativeTheme = { shouldUseDarkColors: true };

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const BrowserWindow = FakeBrowserWindow;

// The renderer side, for the preload.
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as { channel: string; input: unknown }[],
  /** What the main process answers: a value, or a rejection. */
  answer: async (_channel: string, _input: unknown): Promise<unknown> => ({ ok: true, value: null }),
  invoke(channel: string, input: unknown): Promise<unknown> {
    ipcRenderer.invoked.push({ channel, input });
    return ipcRenderer.answer(channel, input);
  },
});

(globalThis as Record<string, unknown>).__fakeElectron = {
  app,
  protocol,
  session,
  ipcMain,
  shell,
  safeStorage,
  dialog,
  Menu,
  BrowserWindow,
  contextBridge,
  ipcRenderer,
};

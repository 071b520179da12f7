// Electron's IPC door (electron/app/ipc.ts) under plain Node: bundled with the stand-in for
// 'electron' (no Electron binary runs here), and called through the very handlers it
// registered with ipcMain.handle, with the sender a real message would carry.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Result } from '../../shared/api/errors.ts';
import type { Dispatch } from '../../shared/rpc/dispatcher.ts';

export interface IpcDoorUnderTest {
  /** A call from the top frame of our app page, as the preload sends it. */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** A call from a page at `url` in a window that is not ours (the door must refuse it). */
  callFrom(url: string, method: string, input: unknown): Promise<Result<unknown>>;
}

interface FakeIpc {
  ipcMain: { handlers: Map<string, (event: unknown, input: unknown) => Promise<unknown>> };
}

const APP_PAGE = 'strata://app/index.html';

/**
 * Bundles `entry` with 'electron' resolved to the stand-in. npm packages stay external, as
 * scripts/build.mjs leaves them: they load from node_modules (libpg-query finds its .wasm
 * beside its own files, not beside a bundle).
 */
export async function bundleWithFakeElectron(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    packages: 'external',
    plugins: [
      {
        name: 'fake-electron',
        setup: (b) => b.onResolve({ filter: /^electron$/ }, () => ({ path: resolve('test/support/fake-electron.ts') })),
      },
    ],
  });
}

/** Opens the door over `dispatch`; `workDir` receives the bundle. One door per test file. */
export async function openIpcDoorUnderTest(dispatch: Dispatch, workDir: string): Promise<IpcDoorUnderTest> {
  const entry = join(workDir, 'ipc-entry.ts');
  writeFileSync(entry, `export { openIpcDoor } from ${JSON.stringify(resolve('electron/app/ipc.ts'))};\n`);
  const out = join(workDir, 'ipc.mjs');
  await bundleWithFakeElectron(entry, out);
  const { openIpcDoor } = (await import(pathToFileURL(out).href)) as {
    openIpcDoor: (dispatch: Dispatch, windows: ReadonlySet<unknown>) => unknown;
  };
  const fake = (globalThis as unknown as { __fakeElectron: FakeIpc }).__fakeElectron;
  const webContents = { getURL: () => APP_PAGE };
  openIpcDoor(dispatch, new Set([{ isDestroyed: () => false, webContents }]));
  const invoke = async (sender: { getURL(): string }, method: string, input: unknown): Promise<Result<unknown>> => {
    const handler = fake.ipcMain.handlers.get(`strata:invoke:${method}`);
    // The preload only knows the contract's channels: an unknown method never reaches main.
    if (!handler) return { ok: false, error: { code: 'unknown-method', message: `unknown method '${method}'` } };
    return (await handler({ sender, senderFrame: { url: sender.getURL(), parent: null } }, input)) as Result<unknown>;
  };
  return {
    call: (method, input) => invoke(webContents, method, input),
    callFrom: (url, method, input) => invoke({ getURL: () => url }, method, input),
  };
}

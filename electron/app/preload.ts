// The whole surface the renderer gets: window.strata = { invoke, subscribe } — nothing from
// Node, no ipcRenderer, no event objects (an IpcRendererEvent would hand the page `sender`).
// The window is sandboxed, so this file is bundled to one CommonJS script whose only
// require is 'electron' (scripts/build.mjs checks it). Method names are checked here as a
// first fence; the main process checks the sender and validates every input anyway.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, invokeChannel, isMethodName, type EventMessage } from './channels.ts';

type Result =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

// One IPC listener for all subscribers (each feature subscribes; ipcRenderer would warn
// past ten listeners on a channel). A throwing subscriber does not starve the others.
type Listener = (event: string, payload: unknown) => void;
const listeners = new Set<Listener>();
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: EventMessage) => {
  for (const l of listeners) {
    try {
      l(message.event, message.payload);
    } catch (error) {
      console.error('strata: an event listener failed', error);
    }
  }
});

const api = {
  invoke(method: unknown, input: unknown): Promise<Result> {
    if (!isMethodName(method))
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-method', message: `unknown method '${String(method)}'` },
      });
    // The main process answers with a Result; a rejection means IPC itself broke (no
    // handler yet, window closing, an input that cannot be cloned): still a Result here.
    return (ipcRenderer.invoke(invokeChannel(method), input) as Promise<Result>).catch((error: unknown) => ({
      ok: false as const,
      error: {
        code: 'internal',
        message:
          `the Strata main process did not answer ${method}: ` +
          `${error instanceof Error ? error.message : String(error)}`,
      },
    }));
  },
  subscribe(listener: unknown): () => void {
    if (typeof listener !== 'function') throw new TypeError('strata.subscribe takes a function');
    const l = listener as Listener;
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
};

contextBridge.exposeInMainWorld('strata', api);

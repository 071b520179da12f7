// The Electron door: one ipcMain.handle per contract method. Each message is refused unless
// it comes from the top frame of one of our windows showing strata://app/ (a page that got
// into the window some other way, or an iframe, gets 'unauthorized'); then the dispatcher
// validates the input against the contract, exactly as for the bridge and the tests.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { METHODS, type EventName, type EventReply } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/api/errors.ts';
import type { Dispatch } from '../../shared/rpc/dispatcher.ts';
import { isAppUrl, senderRefusal } from './app-url.ts';
import { EVENT_CHANNEL, invokeChannel, type EventMessage } from './channels.ts';

export interface IpcDoor {
  /** Pushes an event to every window of ours that shows the app. */
  emit<E extends EventName>(event: E, payload: EventReply<E>): void;
  dispose(): void;
}

/**
 * `windows` is the live set of our windows; it is read on every message, so a window added
 * later is trusted from then on and a closed one no longer.
 */
export function openIpcDoor(dispatch: Dispatch, windows: ReadonlySet<BrowserWindow>): IpcDoor {
  const refusal = (event: IpcMainInvokeEvent): string | undefined => {
    const frame = event.senderFrame;
    return senderRefusal({
      ourWindow: [...windows].some((w) => !w.isDestroyed() && w.webContents === event.sender),
      frameUrl: frame?.url,
      topFrame: frame !== null && frame.parent === null,
    });
  };

  for (const method of METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, input: unknown): Promise<Result<unknown>> => {
      const why = refusal(event);
      if (why !== undefined)
        return { ok: false, error: { code: 'unauthorized', message: `${method} refused: ${why}` } };
      return dispatch(method, input);
    });
  }

  return {
    emit(event, payload) {
      const message: EventMessage = { event, payload };
      for (const w of windows) {
        if (w.isDestroyed() || !isAppUrl(w.webContents.getURL())) continue;
        w.webContents.send(EVENT_CHANNEL, message);
      }
    },
    dispose() {
      for (const method of METHODS) ipcMain.removeHandler(invokeChannel(method));
    },
  };
}

// The rules every web contents follows, set once for all (VS Code's habit): no navigation
// away from the app, no new windows, no webviews, no permissions; https links go to the
// system browser, anything else is dropped.
import { app, shell, type Session } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './app-url.ts';

function openExternally(url: string): void {
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => {
    process.stderr.write(
      `strata: could not open ${new URL(url).origin} in the browser: ` +
        `${error instanceof Error ? error.message : String(error)}\n`,
    );
  });
}

/** Call before any window exists. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      openExternally(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/**
 * No camera, microphone, notifications, geolocation, clipboard-read, HID/USB/serial…: the
 * studio needs none. (Copy and paste by keyboard and menu are editing commands, not
 * permissions, and keep working.)
 */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

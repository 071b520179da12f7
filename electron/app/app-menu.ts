// The application menu: Electron's standard roles (so copy, paste, undo, zoom and the window
// keys work as on every app), plus, in the installed app on macOS and Linux, "Install
// 'strata' Command in PATH…" (cli-shim.ts). A checkout has bin/strata.js instead.
import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { appExecutable, installCliShim, shimReport } from './cli-shim.ts';

export const INSTALL_CLI_LABEL = "Install 'strata' Command in PATH…";

async function installCommand(): Promise<void> {
  const executable = appExecutable(process.execPath, process.env);
  const result = installCliShim({
    executable,
    platform: process.platform,
    home: app.getPath('home'),
    path: process.env.PATH,
  });
  const report = shimReport(result);
  await dialog.showMessageBox({
    type: report.ok ? 'info' : 'warning',
    title: 'Strata',
    message: report.message,
    detail: report.detail,
  });
}

export function setAppMenu(options: { readonly packaged: boolean; readonly platform: NodeJS.Platform }): void {
  const mac = options.platform === 'darwin';
  const offered = options.packaged && options.platform !== 'win32';
  const install: MenuItemConstructorOptions[] = offered
    ? [{ label: INSTALL_CLI_LABEL, click: () => void installCommand() }, { type: 'separator' }]
    : [];
  const appMenu: MenuItemConstructorOptions[] = [
    { role: 'about' },
    { type: 'separator' },
    ...install,
    { role: 'services' },
    { type: 'separator' },
    { role: 'hide' },
    { role: 'hideOthers' },
    { role: 'unhide' },
    { type: 'separator' },
    { role: 'quit' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const, submenu: appMenu }] : []),
    { role: 'fileMenu', submenu: mac ? [{ role: 'close' }] : [...install, { role: 'quit' }] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

// The native folder picker behind studio.pickFolder: the welcome screen's "Open project",
// "Open Alembic project" and "New project" in the desktop app.
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { FolderPurpose } from '../../shared/api/studio.ts';

const WORDING: Record<FolderPurpose, { readonly title: string; readonly buttonLabel: string }> = {
  open: { title: 'Open a Strata project: the folder with strata.json', buttonLabel: 'Open project' },
  alembic: { title: 'Open an Alembic project: the folder with alembic.ini', buttonLabel: 'Open Alembic project' },
  new: { title: 'New project: choose or create an empty folder', buttonLabel: 'Create project here' },
};

/** Picks over `window()` when there is one (a sheet on macOS), else as its own window. */
export function folderPicker(
  window: () => BrowserWindow | undefined,
): (purpose: FolderPurpose) => Promise<string | null> {
  return async (purpose) => {
    const options: OpenDialogOptions = { ...WORDING[purpose], properties: ['openDirectory', 'createDirectory'] };
    const parent = window();
    const picked = await (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options));
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  };
}

// The studio's first screen: the welcome screen, when it started without a project, and the
// ways out of it (open a folder, create a project, the sample).
import { z } from 'zod';
import { dialect } from './common.ts';

export const welcomeInfo = z.object({
  /** The studio started with no project (none named, none remembered): the welcome screen shows. */
  show: z.boolean(),
  /** The sample project shipped with the studio (a folder), if there is one. */
  sample: z.string().nullable(),
  /** A native folder picker exists (the desktop app); in a browser the path is typed. */
  pickFolder: z.boolean(),
});
export type WelcomeInfo = z.infer<typeof welcomeInfo>;

/** What the folder is picked for: the picker's title and button say it. */
export const folderPurpose = z.enum(['open', 'alembic', 'new']);
export type FolderPurpose = z.infer<typeof folderPurpose>;

export const pickFolderInput = z.object({ purpose: folderPurpose }).strict();
/** null: the user cancelled, or there is no picker. */
export const pickFolderOutput = z.object({ dir: z.string().nullable() });

export const projectCreateInput = z.object({ dir: z.string().min(1), dialect }).strict();

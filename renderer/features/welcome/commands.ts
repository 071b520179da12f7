// The welcome screen's four ways into a project. A folder comes from the desktop app's
// native picker, or (in a browser, which has none) from the path typed on the screen.
import type { ProjectInfo } from '../../../shared/api/project.ts';
import type { FolderPurpose } from '../../../shared/api/studio.ts';
import type { Dialect } from '../../../shared/model/revision.ts';
import type { StudioStore } from '../../store/studio-store.ts';

export type WelcomeAction = FolderPurpose | 'sample';

/** What became of an action: done (the studio shows the project), nothing (cancelled), or why not. */
export type WelcomeOutcome =
  | { readonly kind: 'opened' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'needs-path' }
  | { readonly kind: 'problems'; readonly project: ProjectInfo };

export interface WelcomeRequest {
  readonly action: WelcomeAction;
  /** The folder typed on the screen (used where there is no picker). */
  readonly typedPath: string;
  /** For a new project. */
  readonly dialect: Dialect;
}

async function folderFor(store: StudioStore, request: WelcomeRequest): Promise<string | null | undefined> {
  const { welcome, client } = store.getState();
  if (request.action === 'sample') return welcome?.sample ?? undefined;
  if (welcome?.pickFolder) return (await client.call('studio.pickFolder', { purpose: request.action })).dir;
  const typed = request.typedPath.trim();
  return typed === '' ? undefined : typed;
}

/** Carries out one action of the welcome screen; a failed call rejects with the door's message. */
export async function runWelcomeAction(store: StudioStore, request: WelcomeRequest): Promise<WelcomeOutcome> {
  const dir = await folderFor(store, request);
  if (dir === null) return { kind: 'cancelled' };
  if (dir === undefined) return { kind: 'needs-path' };
  const project = await store.getState().openProject(dir, request.action === 'new' ? request.dialect : undefined);
  return project.problems.length > 0 ? { kind: 'problems', project } : { kind: 'opened' };
}

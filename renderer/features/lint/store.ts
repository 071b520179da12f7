// Lock-risk lint of the revisions, as the studio holds it: the worst finding per revision
// (graph badges, loaded after the graph has painted), each revision's statements with their
// predicted locks (inspector markers, the plan's lock preview), and the fix being applied.
// One store per window, created here and provided by the app; commands.ts changes it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectLint, RevisionLint, RevisionLintSummary } from '../../../shared/api/lint.ts';
import { featureStoreAccess } from '../../store/feature-store.ts';

export type RevisionLintEntry =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly lint: RevisionLint }
  | { readonly state: 'error'; readonly message: string };

export interface LintState {
  /** By revision id: only revisions with findings. null until lint.project has answered. */
  readonly lintSummary: Readonly<Record<string, RevisionLintSummary>> | null;
  readonly lintDialect: ProjectLint['dialect'] | null;
  readonly lintError: string | null;
  readonly revisionLints: Readonly<Record<string, RevisionLintEntry>>;
  /** The finding whose fix is being applied: `${id}:${rule}:${line}:${index}`. */
  readonly fixing: string | null;
  readonly fixError: string | null;
  /** Bumped by every project lint: answers to an older request never overwrite a newer one. */
  readonly generation: number;
}

export type LintStore = StoreApi<LintState>;

export function createLintStore(): LintStore {
  return createStore<LintState>()(() => ({
    lintSummary: null,
    lintDialect: null,
    lintError: null,
    revisionLints: {},
    fixing: null,
    fixError: null,
    generation: 0,
  }));
}

const access = featureStoreAccess<LintState>('lint');
export const LintStoreContext = access.Context;
export const useLintStore = access.useStoreApi;
export const useLint = access.useSelect;

// Lock-risk lint of the revisions: the worst finding per revision (graph badges, loaded after
// the graph has painted), each revision's statements with predicted locks (inspector markers,
// the plan's lock preview), and applying a finding's fix to the revision file.
import type { ProjectLint, RevisionLint, RevisionLintSummary } from '../../shared/api/lint.ts';
import { errorMessage, type SliceCreator } from './studio-store.ts';

export type RevisionLintEntry = { readonly state: 'loading' } | { readonly state: 'ready'; readonly lint: RevisionLint } | { readonly state: 'error'; readonly message: string };

export interface LintSlice {
  /** By revision id: only revisions with findings. null until lint.project has answered. */
  readonly lintSummary: Readonly<Record<string, RevisionLintSummary>> | null;
  readonly lintDialect: ProjectLint['dialect'] | null;
  readonly lintError: string | null;
  readonly revisionLints: Readonly<Record<string, RevisionLintEntry>>;
  /** The finding whose fix is being applied: `${id}:${rule}:${line}:${index}`. */
  readonly fixing: string | null;
  readonly fixError: string | null;
  /** Re-lints the project: the revisions' files may have changed (a save, a fix, a reload). */
  loadProjectLint(): Promise<void>;
  loadRevisionLint(id: string): Promise<void>;
  applyLintFix(id: string, rule: string, line: number, index?: number): Promise<void>;
}

export function fixKey(id: string, rule: string, line: number, index: number): string {
  return `${id}:${rule}:${line}:${index}`;
}

export const createLintSlice: SliceCreator<LintSlice> = (set, get) => {
  // Answers to an older request never overwrite a newer one.
  let generation = 0;
  return {
    lintSummary: null,
    lintDialect: null,
    lintError: null,
    revisionLints: {},
    fixing: null,
    fixError: null,
    async loadProjectLint() {
      const mine = ++generation;
      // Every cached revision lint may be stale now; whoever shows one asks again.
      set({ revisionLints: {} });
      try {
        const lint = await get().client.call('lint.project', {});
        if (mine !== generation) return;
        set({ lintSummary: Object.fromEntries(lint.revisions.map((r) => [r.revision, r])), lintDialect: lint.dialect, lintError: null });
      } catch (error) {
        if (mine === generation) set({ lintSummary: {}, lintError: errorMessage(error) });
      }
    },
    async loadRevisionLint(id) {
      if (get().revisionLints[id]) return;
      const mine = generation;
      set({ revisionLints: { ...get().revisionLints, [id]: { state: 'loading' } } });
      try {
        const lint = await get().client.call('lint.revision', { id });
        if (mine === generation) set({ revisionLints: { ...get().revisionLints, [id]: { state: 'ready', lint } } });
      } catch (error) {
        if (mine === generation) set({ revisionLints: { ...get().revisionLints, [id]: { state: 'error', message: errorMessage(error) } } });
      }
    },
    async applyLintFix(id, rule, line, index = 0) {
      set({ fixing: fixKey(id, rule, line, index), fixError: null });
      try {
        const { lint } = await get().client.call('lint.applyFix', { id, rule, line, index });
        // The file changed: reload the graph (its transactional flag; the new graph re-lints
        // every revision, since a later revision's analysis depends on this one) and the
        // inspector's detail.
        await get().loadProject();
        if (get().selectedId === id) await get().select(id);
        set({ revisionLints: { ...get().revisionLints, [id]: { state: 'ready', lint } } });
      } catch (error) {
        set({ fixError: errorMessage(error) });
      } finally {
        set({ fixing: null });
      }
    },
  };
};

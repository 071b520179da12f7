// The only ways the lint store changes. Each takes the lint store and the studio's: the
// studio holds the client, and a fix reloads the project and the selected revision.
import type { StudioStore } from '../../store/studio-store.ts';
import { errorMessage } from '../../store/studio-store.ts';
import type { LintStore, RevisionLintEntry } from './store.ts';

export function fixKey(id: string, rule: string, line: number, index: number): string {
  return `${id}:${rule}:${line}:${index}`;
}

function setRevisionLint(lint: LintStore, id: string, entry: RevisionLintEntry): void {
  lint.setState({ revisionLints: { ...lint.getState().revisionLints, [id]: entry } });
}

/** Re-lints the project: the revisions' files may have changed (a save, a fix, a reload). */
export async function loadProjectLint(lint: LintStore, studio: StudioStore): Promise<void> {
  const mine = lint.getState().generation + 1;
  // Every cached revision lint may be stale now; whoever shows one asks again.
  lint.setState({ generation: mine, revisionLints: {} });
  try {
    const result = await studio.getState().client.call('lint.project', {});
    if (mine !== lint.getState().generation) return;
    lint.setState({
      lintSummary: Object.fromEntries(result.revisions.map((r) => [r.revision, r])),
      lintDialect: result.dialect,
      lintError: null,
    });
  } catch (error) {
    if (mine === lint.getState().generation) lint.setState({ lintSummary: {}, lintError: errorMessage(error) });
  }
}

export async function loadRevisionLint(lint: LintStore, studio: StudioStore, id: string): Promise<void> {
  if (lint.getState().revisionLints[id]) return;
  const mine = lint.getState().generation;
  setRevisionLint(lint, id, { state: 'loading' });
  try {
    const result = await studio.getState().client.call('lint.revision', { id });
    if (mine === lint.getState().generation) setRevisionLint(lint, id, { state: 'ready', lint: result });
  } catch (error) {
    if (mine === lint.getState().generation)
      setRevisionLint(lint, id, { state: 'error', message: errorMessage(error) });
  }
}

export async function applyLintFix(
  lint: LintStore,
  studio: StudioStore,
  id: string,
  rule: string,
  line: number,
  index = 0,
): Promise<void> {
  lint.setState({ fixing: fixKey(id, rule, line, index), fixError: null });
  try {
    const { lint: fixed } = await studio.getState().client.call('lint.applyFix', { id, rule, line, index });
    // The file changed: reload the graph (its transactional flag; the new graph re-lints
    // every revision, since a later revision's analysis depends on this one) and the
    // inspector's detail.
    await studio.getState().loadProject();
    if (studio.getState().selectedId === id) await studio.getState().select(id);
    setRevisionLint(lint, id, { state: 'ready', lint: fixed });
  } catch (error) {
    lint.setState({ fixError: errorMessage(error) });
  } finally {
    lint.setState({ fixing: null });
  }
}

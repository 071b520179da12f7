// The only ways the merge screen's state changes. Writing a merge revision or linearizing
// changes the project's files: the studio's project is loaded again at once (the same load
// the graph, the inspector and the plan use), so the graph shows the result.
import type { Input } from '../../../shared/api/contract.ts';
import type { StudioStore } from '../../store/studio-store.ts';
import { errorMessage } from '../../store/studio-store.ts';
import { createBlocker, defaultMessage, sqlOrNothing } from './model.ts';
import { EMPTY_DRAFT, type MergeDraft, type MergeStore } from './store.ts';

/** PostgreSQL shadow databases (the check that decides what a footprint cannot) go on the active server. */
function shadowConnection(studio: StudioStore): string | undefined {
  const { connections, activeConnectionId } = studio.getState();
  const active = connections.find((c) => c.id === activeConnectionId);
  return active?.settings.kind === 'postgres' ? active.id : undefined;
}

/** Analyzes the heads ([]: every head) and starts a draft from the analysis: a message, the suggested SQL. */
export async function analyze(store: MergeStore, studio: StudioStore, heads: readonly string[]): Promise<void> {
  const generation = store.getState().generation + 1;
  store.setState({
    generation,
    analysis: { state: 'loading' },
    draft: EMPTY_DRAFT,
    createError: null,
    linearize: null,
  });
  const input: Input<'merge.analyze'> = {};
  if (heads.length > 0) input.heads = [...heads];
  const shadow = shadowConnection(studio);
  if (shadow !== undefined) input.shadowConnectionId = shadow;
  try {
    const result = await studio.getState().client.call('merge.analyze', input);
    if (store.getState().generation !== generation) return;
    store.setState({
      analysis: { state: 'ready', result },
      draft: { ...EMPTY_DRAFT, message: defaultMessage(result.analysis), upgradeSql: result.suggestedSql },
    });
  } catch (error) {
    if (store.getState().generation === generation)
      store.setState({ analysis: { state: 'error', message: errorMessage(error) } });
  }
}

export function editDraft(store: MergeStore, patch: Partial<MergeDraft>): void {
  store.setState({ draft: { ...store.getState().draft, ...patch }, createError: null });
}

/**
 * Writes the merge revision of the analysed heads, then shows it on the reloaded graph.
 * Refused here, before any request, while conflicts are not accepted.
 */
export async function createMerge(store: MergeStore, studio: StudioStore): Promise<void> {
  const { analysis, draft, creating } = store.getState();
  if (analysis.state !== 'ready' || creating) return;
  const blocker = createBlocker(analysis.result.analysis, draft);
  if (blocker) {
    store.setState({ createError: blocker });
    return;
  }
  store.setState({ creating: true, createError: null });
  try {
    const input: Input<'merge.create'> = { heads: [...analysis.result.analysis.heads], message: draft.message.trim() };
    const upgradeSql = sqlOrNothing(draft.upgradeSql);
    const downgradeSql = sqlOrNothing(draft.downgradeSql);
    if (upgradeSql !== undefined) input.upgradeSql = upgradeSql;
    if (downgradeSql !== undefined) input.downgradeSql = downgradeSql;
    const written = await studio.getState().client.call('merge.create', input);
    store.setState({ creating: false });
    await finish(studio, written.revision);
  } catch (error) {
    store.setState({ creating: false, createError: errorMessage(error) });
  }
}

/** Shows the header diff of re-parenting `branchHead`'s branch onto `onto`; writes nothing. */
export async function previewLinearize(
  store: MergeStore,
  studio: StudioStore,
  branchHead: string,
  onto: string,
): Promise<void> {
  store.setState({ linearize: { branchHead, onto, state: 'loading', preview: null, error: null } });
  const current = () => {
    const l = store.getState().linearize;
    return l !== null && l.branchHead === branchHead && l.onto === onto ? l : null;
  };
  try {
    const preview = await studio.getState().client.call('merge.linearizePreview', { branchHead, onto });
    const l = current();
    if (l) store.setState({ linearize: { ...l, state: 'ready', preview } });
  } catch (error) {
    const l = current();
    if (l) store.setState({ linearize: { ...l, state: 'error', error: errorMessage(error) } });
  }
}

/** Writes the previewed linearization (the service refuses it if a database has applied the branch meanwhile). */
export async function confirmLinearize(store: MergeStore, studio: StudioStore): Promise<void> {
  const l = store.getState().linearize;
  if (!l || l.state !== 'ready') return;
  store.setState({ linearize: { ...l, state: 'writing', error: null } });
  try {
    const done = await studio.getState().client.call('merge.linearize', { branchHead: l.branchHead, onto: l.onto });
    store.setState({ linearize: null });
    await finish(studio, done.branchHead);
  } catch (error) {
    store.setState({ linearize: { ...l, state: 'ready', error: errorMessage(error) } });
  }
}

export function cancelLinearize(store: MergeStore): void {
  store.setState({ linearize: null });
}

/** The files changed: the graph is read again, the screen closes, and the result is selected. */
async function finish(studio: StudioStore, select: string): Promise<void> {
  await studio.getState().loadProject();
  studio.getState().closeMerge();
  await studio.getState().select(select);
}

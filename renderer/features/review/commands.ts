// The only ways the review screen's state changes. The diff is asked again whenever a decision
// changes what it would generate (an object left out, a rename chosen); saving writes the SQL
// the user reviewed.
import type { AutogenDiff, RenameCandidateInfo } from '../../../shared/api/autogen.ts';
import type { LintFixInfo } from '../../../shared/api/lint.ts';
import { applyEdits } from '../../../shared/model/text-edits.ts';
import type { StudioStore } from '../../store/studio-store.ts';
import { errorMessage } from '../../store/studio-store.ts';
import { candidateKey, includeOf, renamesOf, union } from './model.ts';
import type { RenameAnswer, ReviewSource, ReviewState, ReviewStore } from './store.ts';

function sourceInput(source: ReviewSource) {
  return source.kind === 'heads'
    ? { kind: 'heads' as const }
    : { kind: 'connection' as const, connectionId: source.connectionId };
}

function fromDiff(state: ReviewState, diff: AutogenDiff): Partial<ReviewState> {
  const owners = diff.operations.flatMap((o) => o.owners);
  return {
    phase: 'ready',
    diff,
    error: null,
    objects: union(state.objects, owners),
    candidates: union<RenameCandidateInfo>(state.candidates, diff.renameCandidates, candidateKey),
    upgradeSql: diff.upgradeSql,
    downgradeSql: diff.downgradeSql,
    transactional: diff.transactional,
    editsReplaced: state.edited,
    edited: false,
  };
}

/** Asks the diff for the current decisions; the answer replaces the SQL (and says so if it was edited). */
export async function runDiff(store: ReviewStore, studio: StudioStore): Promise<void> {
  const generation = store.getState().generation + 1;
  store.setState({ phase: 'diffing', startedAt: Date.now(), generation, error: null });
  const s = store.getState();
  const include = includeOf(s.objects, s.excluded);
  try {
    const diff = await studio.getState().client.call('autogen.diff', {
      source: sourceInput(s.source),
      renames: renamesOf(s.candidates, s.answers),
      ...(include ? { include } : {}),
    });
    if (store.getState().generation === generation) store.setState(fromDiff(store.getState(), diff));
  } catch (error) {
    if (store.getState().generation === generation) store.setState({ phase: 'error', error: errorMessage(error) });
  }
}

export function setSource(store: ReviewStore, studio: StudioStore, source: ReviewSource): Promise<void> {
  store.setState({ source, objects: [], excluded: [], candidates: [], answers: {}, confirmed: [] });
  return runDiff(store, studio);
}

export function toggleObject(store: ReviewStore, studio: StudioStore, object: string): Promise<void> {
  const { excluded } = store.getState();
  store.setState({
    excluded: excluded.includes(object) ? excluded.filter((o) => o !== object) : [...excluded, object],
  });
  return runDiff(store, studio);
}

export function answerRename(
  store: ReviewStore,
  studio: StudioStore,
  candidate: RenameCandidateInfo,
  answer: RenameAnswer,
): Promise<void> | undefined {
  const { answers } = store.getState();
  const key = candidateKey(candidate);
  const before = answers[key];
  store.setState({ answers: { ...answers, [key]: answer } });
  // "drop and add" is what the diff already says; only a change to or from "rename" asks again.
  if (before === 'rename' || answer === 'rename') return runDiff(store, studio);
  return undefined;
}

export function confirmDestructive(store: ReviewStore, object: string, confirmed: boolean): void {
  const list = store.getState().confirmed;
  store.setState({ confirmed: confirmed ? union(list, [object]) : list.filter((o) => o !== object) });
}

export function editSql(store: ReviewStore, section: 'upgrade' | 'downgrade', text: string): void {
  store.setState(section === 'upgrade' ? { upgradeSql: text, edited: true } : { downgradeSql: text, edited: true });
}

/** A lint fix applied to the upgrade being reviewed (its edits are in the upgrade's own lines). */
export function applyUpgradeFix(store: ReviewStore, fix: LintFixInfo): void {
  const s = store.getState();
  store.setState({
    upgradeSql: applyEdits(s.upgradeSql, fix.edits),
    edited: true,
    ...(fix.header?.transactional === false ? { transactional: false } : {}),
  });
}

export function setMessage(store: ReviewStore, message: string): void {
  store.setState({ message });
}

/** Writes what was reviewed as a revision on the head; the graph reloads and shows it. Returns its id. */
export async function saveReview(store: ReviewStore, studio: StudioStore): Promise<string | null> {
  const s = store.getState();
  const include = includeOf(s.objects, s.excluded);
  store.setState({ phase: 'saving', error: null });
  try {
    const result = await studio.getState().client.call('autogen.write', {
      source: sourceInput(s.source),
      renames: renamesOf(s.candidates, s.answers),
      ...(include ? { include } : {}),
      message: s.message.trim(),
      reviewed: { upgradeSql: s.upgradeSql, downgradeSql: s.downgradeSql, transactional: s.transactional },
    });
    store.setState({ phase: 'ready' });
    if (!result.written) {
      store.setState({ error: 'nothing was written: the schemas are equal' });
      return null;
    }
    await studio.getState().loadProject();
    await studio.getState().select(result.written.revision);
    return result.written.revision;
  } catch (error) {
    store.setState({ phase: 'ready', error: errorMessage(error) });
    return null;
  }
}

// The only ways the inspector's state changes.
import type { Output } from '../../../shared/api/contract.ts';
import type { RevisionDetail } from '../../../shared/api/project.ts';
import type { SqlSection } from '../../editor/index.ts';
import type { Draft, InspectorStore, SaveNote } from './store.ts';

export function startEditing(store: InspectorStore, detail: RevisionDetail): void {
  const { drafts } = store.getState();
  if (drafts[detail.id]) return;
  store.setState({
    drafts: { ...drafts, [detail.id]: { upgradeSql: detail.upgradeSql, downgradeSql: detail.downgradeSql } },
    note: null,
  });
}

export function changeDraft(store: InspectorStore, id: string, section: SqlSection, text: string | null): void {
  const { drafts } = store.getState();
  const draft = drafts[id];
  if (!draft) return;
  const next: Draft = section === 'upgrade' ? { ...draft, upgradeSql: text ?? '' } : { ...draft, downgradeSql: text };
  store.setState({ drafts: { ...drafts, [id]: next } });
}

export function discardDraft(store: InspectorStore, id: string): void {
  const { [id]: _dropped, ...rest } = store.getState().drafts;
  store.setState({ drafts: rest, note: null });
}

export function isDirty(draft: Draft | undefined, detail: RevisionDetail): boolean {
  return draft !== undefined && (draft.upgradeSql !== detail.upgradeSql || draft.downgradeSql !== detail.downgradeSql);
}

/**
 * What a save says: editing a revision that is applied somewhere changes its checksum, and
 * `strata check` will report it there. Decided from the reply's `appliedOn`, never its wording.
 */
function savedNote(id: string, saved: Pick<Output<'revision.save'>, 'appliedOn'> | undefined): SaveNote {
  const appliedOn = saved?.appliedOn ?? [];
  if (appliedOn.length === 0) return { revision: id, kind: 'ok', text: 'Saved.' };
  return {
    revision: id,
    kind: 'warning',
    text:
      `Saved. This revision is already applied on ${appliedOn.map((a) => a.name).join(', ')}: ` +
      `'strata check' will report the edit there.`,
  };
}

/** Writes the draft through the studio's saveRevision (which saves the selected revision and reloads it). */
export async function saveDraft(
  store: InspectorStore,
  id: string,
  save: (
    upgradeSql: string,
    downgradeSql: string | null,
  ) => Promise<Pick<Output<'revision.save'>, 'appliedOn'> | undefined>,
): Promise<void> {
  const draft = store.getState().drafts[id];
  if (!draft || store.getState().saving) return;
  store.setState({ saving: id, note: null });
  try {
    const saved = await save(draft.upgradeSql, draft.downgradeSql);
    const { [id]: _saved, ...rest } = store.getState().drafts;
    store.setState({ drafts: rest, saving: null, note: savedNote(id, saved) });
  } catch (error) {
    store.setState({
      saving: null,
      note: { revision: id, kind: 'error', text: error instanceof Error ? error.message : String(error) },
    });
  }
}

// The only ways the inspector's state changes.
import type { RevisionDetail } from '../../../shared/api/project.ts';
import type { SqlSection } from '../../editor/index.ts';
import type { Draft, InspectorStore } from './store.ts';

export function startEditing(store: InspectorStore, detail: RevisionDetail): void {
  const { drafts } = store.getState();
  if (drafts[detail.id]) return;
  store.setState({ drafts: { ...drafts, [detail.id]: { upgradeSql: detail.upgradeSql, downgradeSql: detail.downgradeSql } }, note: null });
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
 * Writes the draft through the studio's saveRevision (which saves the selected revision and
 * reloads it). The reply says whether the revision is already applied somewhere: editing an
 * applied revision changes its checksum, and `strata check` will report it there.
 */
export async function saveDraft(store: InspectorStore, id: string, save: (upgradeSql: string, downgradeSql: string | null) => Promise<string>): Promise<void> {
  const draft = store.getState().drafts[id];
  if (!draft || store.getState().saving) return;
  store.setState({ saving: id, note: null });
  try {
    const text = await save(draft.upgradeSql, draft.downgradeSql);
    const { [id]: _saved, ...rest } = store.getState().drafts;
    store.setState({ drafts: rest, saving: null, note: { revision: id, kind: /already applied/i.test(text) ? 'warning' : 'ok', text: text || 'Saved.' } });
  } catch (error) {
    store.setState({ saving: null, note: { revision: id, kind: 'error', text: error instanceof Error ? error.message : String(error) } });
  }
}

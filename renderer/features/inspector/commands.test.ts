import { describe, expect, it } from 'vitest';
import type { RevisionDetail } from '../../../shared/api/project.ts';
import { saveDraft, startEditing } from './commands.ts';
import { createInspectorStore } from './store.ts';

const detail = { id: 'a1b2c3d4e5f6', upgradeSql: 'SELECT 1;\n', downgradeSql: null } as unknown as RevisionDetail;

async function saved(appliedOn: { connectionId: string; name: string }[]) {
  const store = createInspectorStore();
  startEditing(store, detail);
  await saveDraft(store, detail.id, async () => ({ appliedOn }));
  return store.getState();
}

describe('saving a draft', () => {
  it('says where the revision is applied, from the reply’s appliedOn', async () => {
    expect(await saved([])).toMatchObject({
      drafts: {},
      saving: null,
      note: { revision: detail.id, kind: 'ok', text: 'Saved.' },
    });
    expect(
      (
        await saved([
          { connectionId: 'c1', name: 'staging' },
          { connectionId: 'c2', name: 'prod' },
        ])
      ).note,
    ).toEqual({
      revision: detail.id,
      kind: 'warning',
      text: "Saved. This revision is already applied on staging, prod: 'strata check' will report the edit there.",
    });
  });

  it('keeps the draft and shows the error when the save fails', async () => {
    const store = createInspectorStore();
    startEditing(store, detail);
    await saveDraft(store, detail.id, async () => {
      throw new Error('disk full');
    });
    expect(store.getState()).toMatchObject({ saving: null, note: { kind: 'error', text: 'disk full' } });
    expect(store.getState().drafts[detail.id]).toBeDefined();
  });
});

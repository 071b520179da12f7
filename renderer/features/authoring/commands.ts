// Writing a new revision from the studio: the service calls the use case `strata revision`
// calls, then the new revision is selected and opened in the inspector's editor.
import type { Input, Output } from '../../../shared/api/contract.ts';
import type { StudioStore } from '../../store/studio-store.ts';

export interface NewRevisionForm {
  readonly message: string;
  /** A revision id, 'base', or '' for the graph's single head. */
  readonly parent: string;
  readonly branchLabel: string;
  /** Comma- or space-separated revisions or labels. */
  readonly dependsOn: string;
  readonly transactional: boolean;
}

export function createInput(form: NewRevisionForm): Input<'revision.create'> {
  const dependsOn = form.dependsOn.split(/[\s,]+/).filter(Boolean);
  return {
    message: form.message.trim(),
    ...(form.parent ? { parent: form.parent } : {}),
    ...(form.branchLabel.trim() ? { branchLabel: form.branchLabel.trim() } : {}),
    dependsOn,
    transactional: form.transactional,
  };
}

export async function createRevision(studio: StudioStore, form: NewRevisionForm): Promise<Output<'revision.create'>> {
  const made = await studio.getState().client.call('revision.create', createInput(form));
  const s = studio.getState();
  s.closeNewRevision();
  s.requestEdit(made.id);
  await s.refreshProject();
  await studio.getState().select(made.id);
  return made;
}

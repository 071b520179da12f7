// Monaco text models, keyed by URI and shared by every editor that shows the same thing.
// Stores keep text and URI strings; the models themselves live only here. A model is leased
// by each editor that shows it and disposed when the last lease ends, so a 10,000-revision
// project never accumulates models as the selection moves. View states (scroll, cursor)
// outlive their models for a while, so coming back to a revision lands where you left it.
import { monaco } from './monaco.ts';

export interface ModelLease {
  readonly model: monaco.editor.ITextModel;
  release(): void;
}

interface Entry {
  readonly model: monaco.editor.ITextModel;
  leases: number;
}

const models = new Map<string, Entry>();
const viewStates = new Map<string, monaco.editor.ICodeEditorViewState>();
const MAX_VIEW_STATES = 200;

/** Leases the model for `uri`, creating it with `text` if nobody holds it yet. */
export function leaseModel(uri: string, text: string, language: string): ModelLease {
  let entry = models.get(uri);
  if (!entry || entry.model.isDisposed()) {
    const model = monaco.editor.createModel(text, language, monaco.Uri.parse(uri));
    entry = { model, leases: 0 };
    models.set(uri, entry);
  } else if (entry.model.getLanguageId() !== language) {
    monaco.editor.setModelLanguage(entry.model, language);
  }
  entry.leases++;
  const held = entry;
  let released = false;
  return {
    model: held.model,
    release() {
      if (released) return;
      released = true;
      held.leases--;
      if (held.leases <= 0) {
        models.delete(uri);
        held.model.dispose();
      }
    },
  };
}

export function saveViewState(uri: string, state: monaco.editor.ICodeEditorViewState | null): void {
  if (!state) return;
  viewStates.delete(uri);
  viewStates.set(uri, state);
  if (viewStates.size > MAX_VIEW_STATES) {
    const oldest = viewStates.keys().next().value;
    if (oldest !== undefined) viewStates.delete(oldest);
  }
}

export function viewStateOf(uri: string): monaco.editor.ICodeEditorViewState | undefined {
  return viewStates.get(uri);
}

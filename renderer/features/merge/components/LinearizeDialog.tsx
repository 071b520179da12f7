// "Linearize": the branch's revisions re-parented onto another head instead of a merge. The
// header diff of every file that changes is shown first; nothing is written until confirmed.
import type { LinearizeOutput } from '../../../../shared/api/merge.ts';
import { useStudioStore } from '../../../store/context.tsx';
import { Button, Dialog, Select, Spinner } from '../../../ui/index.ts';
import { cancelLinearize, confirmLinearize, previewLinearize } from '../commands.ts';
import { shortId } from '../model.ts';
import { useMerge, useMergeStore } from '../store.ts';

function HeaderDiff({ preview }: { readonly preview: LinearizeOutput }) {
  return (
    <div className="merge-diffs" data-testid="linearize-diff">
      {preview.changes.map((c) => (
        <figure key={c.file} className="merge-diff">
          <figcaption>
            <code>{c.file}</code>
          </figcaption>
          <pre>
            {c.diff.map((d, i) => (
              <div key={i} className={`merge-diff-line is-${d.kind === '+' ? 'add' : d.kind === '-' ? 'del' : 'same'}`}>
                <span aria-hidden="true">{d.kind}</span>
                {d.text}
              </div>
            ))}
          </pre>
        </figure>
      ))}
    </div>
  );
}

export function LinearizeDialog() {
  const store = useMergeStore();
  const studio = useStudioStore();
  const l = useMerge((s) => s.linearize);
  const heads = useMerge((s) => (s.analysis.state === 'ready' ? s.analysis.result.analysis.heads : []));
  if (!l) return null;
  const others = heads.filter((h) => h !== l.branchHead);
  const preview = l.preview;
  const files = preview?.changes.length ?? 0;
  return (
    <Dialog
      open
      onClose={() => cancelLinearize(store)}
      size="lg"
      className="merge-linearize"
      title={`Linearize ${shortId(l.branchHead)}'s branch`}
      description="Its revisions are re-parented onto the other head: no merge revision, one straight line."
      data-testid="linearize-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={() => cancelLinearize(store)}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={l.state === 'writing'}
            disabled={l.state !== 'ready' || preview === null}
            onClick={() => void confirmLinearize(store, studio)}
            data-testid="linearize-confirm"
          >
            Write {files} file{files === 1 ? '' : 's'}
          </Button>
        </>
      }
    >
      {others.length > 1 && (
        <Select
          label="Onto"
          value={l.onto}
          onChange={(e) => void previewLinearize(store, studio, l.branchHead, e.target.value)}
        >
          {others.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </Select>
      )}
      {l.state === 'loading' && (
        <p className="merge-muted" aria-busy="true">
          <Spinner /> Reading the headers…
        </p>
      )}
      {preview && (
        <>
          <p>
            Moves {preview.moved.length} revision{preview.moved.length === 1 ? '' : 's'} onto{' '}
            <code>{shortId(preview.onto)}</code>; {files} file{files === 1 ? '' : 's'} change:
          </p>
          <HeaderDiff preview={preview} />
        </>
      )}
      {l.error && (
        <p className="ui-inline-error" role="alert" data-testid="linearize-error">
          {l.error}
        </p>
      )}
    </Dialog>
  );
}

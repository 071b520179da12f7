// A lint fix shown as a diff of the revision file before it is written: the user sees what
// changes, and is told, as Save tells, where the revision is already applied (any connection
// whose status is known, not only the active one), since the fix changes its checksum there.
import type { LintFixPreview } from '../../../../shared/api/lint.ts';
import { SqlDiffEditor } from '../../../editor/index.ts';
import { useStudio } from '../../../store/context.tsx';
import { Button, Dialog } from '../../../ui/index.ts';

export interface FixPreviewState {
  readonly key: string;
  readonly preview: LintFixPreview | null;
  readonly error: string | null;
}

export function FixPreview(props: {
  readonly state: FixPreviewState | null;
  readonly onApply: () => void;
  readonly onClose: () => void;
}) {
  const theme = useStudio((s) => s.theme);
  const language = useStudio((s) => (s.project?.dialect === 'postgres' ? 'pgsql' : 'sql'));
  const { state } = props;
  const preview = state?.preview ?? null;
  const appliedOn = preview?.appliedOn ?? [];
  return (
    <Dialog
      open={state !== null}
      onClose={props.onClose}
      size="lg"
      title={preview ? `Fix: ${preview.description}` : 'Fix'}
      description={preview ? preview.file : state?.error ? undefined : 'Computing the fix…'}
      data-testid="fix-preview"
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            variant={appliedOn.length > 0 ? 'danger' : 'primary'}
            data-testid="fix-preview-apply"
            disabled={!preview}
            onClick={props.onApply}
          >
            {appliedOn.length > 0 ? 'Apply fix anyway' : 'Apply fix'}
          </Button>
        </>
      }
    >
      {state?.error && (
        <p className="insp-note insp-note-error" role="alert">
          {state.error}
        </p>
      )}
      {appliedOn.length > 0 && (
        <p className="insp-note insp-note-warning" role="note" data-testid="fix-preview-applied">
          Applied on {appliedOn.map((a) => a.name).join(', ')}: the fix changes this revision’s checksum there, and{' '}
          <code>strata check</code> will report the edit. The database keeps what was applied; write a new revision to
          change it there.
        </p>
      )}
      {preview && (
        <SqlDiffEditor
          original={preview.before}
          modified={preview.after}
          language={language}
          theme={theme}
          ariaLabel="The revision file before and after the fix"
          testId="fix-preview-diff"
          className="insp-fix-diff"
        />
      )}
    </Dialog>
  );
}

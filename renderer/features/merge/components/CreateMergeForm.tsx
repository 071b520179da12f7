// "Create merge revision": a message, optional reconciling SQL (run after both branches;
// prefilled with the analysis' suggestions as comments), and — when the branches conflict —
// a refusal until the user confirms the merge anyway, as the CLI's --allow-conflicts does.
import { useId } from 'react';
import type { MergeAnalyzeOutput } from '../../../../shared/api/merge.ts';
import { Checkbox, TextField } from '../../../ui/index.ts';
import { editDraft } from '../commands.ts';
import { allConflicts, shortId } from '../model.ts';
import { useMerge, useMergeStore } from '../store.ts';

type Analysis = MergeAnalyzeOutput['analysis'];

function SqlArea({
  label,
  hint,
  value,
  onChange,
  testId,
}: {
  readonly label: string;
  readonly hint: string;
  readonly value: string;
  onChange(text: string): void;
  readonly testId: string;
}) {
  const id = useId();
  return (
    <div className="ui-field merge-sql">
      <label className="ui-field__label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className="ui-input merge-sql-input"
        spellCheck={false}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
      <span id={`${id}-hint`} className="ui-field__hint">
        {hint}
      </span>
    </div>
  );
}

export function CreateMergeForm({ analysis }: { readonly analysis: Analysis }) {
  const store = useMergeStore();
  const draft = useMerge((s) => s.draft);
  const createError = useMerge((s) => s.createError);
  const conflicts = allConflicts(analysis).length;
  const conflicting = analysis.verdict === 'conflict';
  return (
    <section className="merge-section merge-create" aria-label="Create merge revision" data-testid="merge-form">
      <h3 className="merge-h">Create merge revision</h3>
      <p className="merge-muted">
        Parents:{' '}
        {analysis.heads.map((h, i) => (
          <span key={h}>
            {i > 0 ? ', ' : ''}
            <code>{shortId(h)}</code>
          </span>
        ))}
        . Databases upgraded through it run the branches in this order.
      </p>
      <TextField
        label="Message"
        value={draft.message}
        onChange={(e) => editDraft(store, { message: e.target.value })}
        data-testid="merge-message"
      />
      {conflicting && (
        <div className="merge-refusal" role="note" data-testid="merge-refusal">
          <p>
            <strong>
              {conflicts === 0 ? 'The branches conflict' : `${conflicts} conflict${conflicts === 1 ? '' : 's'}`}.
            </strong>{' '}
            A merge revision alone does not resolve {conflicts === 1 ? 'it' : 'them'}: a database upgraded through it
            runs both branches and may fail or end differently. Reconcile in the SQL below, or linearize a branch
            instead.
          </p>
          <Checkbox
            tone="danger"
            label="Merge anyway: the SQL below reconciles the conflicts, or I accept them"
            checked={draft.acceptConflicts}
            onChange={(e) => editDraft(store, { acceptConflicts: e.target.checked })}
            data-testid="merge-accept-conflicts"
          />
        </div>
      )}
      <SqlArea
        label="Reconciling SQL (upgrade, optional)"
        hint="Runs after both branches. The conflicts and their suggestions are written here as comments to start from."
        value={draft.upgradeSql}
        onChange={(upgradeSql) => editDraft(store, { upgradeSql })}
        testId="merge-upgrade-sql"
      />
      <details className="merge-downgrade">
        <summary>Downgrade SQL (optional)</summary>
        <SqlArea
          label="Downgrade SQL"
          hint="Undoes the reconciling SQL; runs before either branch is taken down."
          value={draft.downgradeSql}
          onChange={(downgradeSql) => editDraft(store, { downgradeSql })}
          testId="merge-downgrade-sql"
        />
      </details>
      {analysis.verdict === 'cannot-tell' && (
        <p className="merge-warning" role="note">
          Cannot tell whether the branches conflict: read the statements named under Conflicts before merging.
        </p>
      )}
      {createError && (
        <p className="ui-inline-error" role="alert" data-testid="merge-create-error">
          {createError}
        </p>
      )}
    </section>
  );
}

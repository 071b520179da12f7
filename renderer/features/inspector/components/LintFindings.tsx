// The lint findings of the selected revision, under its SQL: severity, rule, line, message
// (which names the table, the lock and the safe alternative) and a Fix button when the rule
// has a safe rewrite. Fixing writes the revision file through lint.applyFix.
import { useStudio } from '../../../store/context.tsx';
import { Button, Spinner } from '../../../ui/index.ts';
import { useLint, type RevisionLintEntry } from '../../lint/index.ts';
import type { ListedFinding } from '../lint.ts';

const ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;

export function LintFindings(props: {
  readonly entry: RevisionLintEntry | undefined;
  readonly listed: readonly ListedFinding[];
  /** Why fixes cannot be applied now (unsaved edits), or null. */
  readonly fixBlocked: string | null;
  readonly onFix: (item: ListedFinding) => void;
  /** The lines are of alembic's offline SQL (an Alembic revision), not of the revision's file. */
  readonly offlineLines?: boolean;
}) {
  const { entry, listed } = props;
  const fixing = useLint((s) => s.fixing);
  const fixError = useLint((s) => s.fixError);
  const dialect = useStudio((s) => s.project?.dialect);
  return (
    <section className="insp-sql-section insp-lint" aria-label="Lock-risk lint" data-testid="lint-findings">
      <div className="insp-sql-label">
        <span>Lock-risk lint</span>
        {entry?.state === 'ready' && (
          <span className="insp-muted insp-sql-line">
            {entry.lint.statements.length} {entry.lint.statements.length === 1 ? 'statement' : 'statements'} ·{' '}
            {listed.length === 0 ? 'no findings' : `${listed.length} ${listed.length === 1 ? 'finding' : 'findings'}`}
          </span>
        )}
      </div>
      {entry === undefined || entry.state === 'loading' ? (
        <div className="insp-lint-empty" aria-busy="true">
          <Spinner /> Analyzing the statements…
        </div>
      ) : entry.state === 'error' ? (
        <p className="insp-note insp-note-error" role="alert">
          {entry.message}
        </p>
      ) : listed.length === 0 ? (
        <div className="insp-lint-empty" data-testid="lint-clean">
          No lock risks found{dialect === 'sqlite' ? ' for SQLite' : ''}.
        </div>
      ) : (
        <ul className="insp-lint-list">
          {listed.map((item) => {
            const { finding: f } = item;
            const busy = fixing === item.key;
            return (
              <li
                key={item.key}
                className={`insp-lint-item insp-lint-${f.severity}`}
                data-testid="lint-finding"
                data-rule={f.rule}
                data-severity={f.severity}
                data-line={f.line}
              >
                <div className="insp-lint-head">
                  <span
                    className={`insp-lint-sev insp-lint-sev-${f.severity}`}
                    aria-label={f.severity}
                    title={f.severity}
                  >
                    {ICON[f.severity]}
                  </span>
                  <code className="insp-lint-rule">{f.rule}</code>
                  <span className="insp-muted" data-testid="lint-line">
                    {props.offlineLines ? `line ${f.line} of the offline SQL` : `line ${f.line}`}
                  </span>
                  <span className="insp-spacer" />
                  {f.fix && (
                    <Button
                      size="sm"
                      data-testid="lint-fix"
                      busy={busy}
                      disabled={fixing !== null || props.fixBlocked !== null}
                      title={
                        props.fixBlocked ??
                        `${f.fix.description}: writes the revision ` +
                          `file${f.fix.header ? ' (and marks it transactional false)' : ''}`
                      }
                      onClick={() => props.onFix(item)}
                    >
                      Fix
                    </Button>
                  )}
                </div>
                <p className="insp-lint-msg">{f.message}</p>
                {f.fix && <p className="insp-lint-fixdesc">Fix: {f.fix.description}</p>}
              </li>
            );
          })}
        </ul>
      )}
      {fixError && (
        <p className="insp-note insp-note-error" role="alert" data-testid="lint-fix-error">
          {fixError}
        </p>
      )}
    </section>
  );
}

// The review screen for autogenerate: schema.sql against the active connection (or the
// migrations' heads), as a diff of the two schemas, the operations with what to leave out, a
// question per rename candidate, the generated SQL to read and edit, and "Save as revision".
import { useEffect, useState, type KeyboardEvent } from 'react';
import { SqlDiffEditor } from '../../editor/index.ts';
import { useStudio, useStudioStore } from '../../store/context.tsx';
import { Button, IconClose, IconRefresh, Spinner } from '../../ui/index.ts';
import { runDiff, saveReview, setMessage, setSource } from './commands.ts';
import { OperationList } from './components/OperationList.tsx';
import { RenamePrompts } from './components/RenamePrompts.tsx';
import { ReviewSql } from './components/ReviewSql.tsx';
import { saveBlockers } from './model.ts';
import { createReviewStore, ReviewStoreContext, useReview, useReviewStore, type ReviewSource } from './store.ts';
import './review.css';

function Elapsed({ since }: { readonly since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return <>{((now - since) / 1000).toFixed(1)} s</>;
}

function sourceValue(source: ReviewSource): string {
  return source.kind === 'heads' ? 'heads' : `connection:${source.connectionId}`;
}

function Header({ onClose }: { readonly onClose: () => void }) {
  const store = useReviewStore();
  const studio = useStudioStore();
  const connections = useStudio((s) => s.connections);
  const source = useReview((s) => s.source);
  const phase = useReview((s) => s.phase);
  return (
    <header className="review-head">
      <h2>Autogenerate revision</h2>
      <label className="review-source">
        <span>schema.sql against</span>
        <select
          data-testid="review-source"
          value={sourceValue(source)}
          disabled={phase === 'diffing' || phase === 'saving'}
          onChange={(e) => {
            const v = e.target.value;
            void setSource(
              store,
              studio,
              v === 'heads' ? { kind: 'heads' } : { kind: 'connection', connectionId: v.slice('connection:'.length) },
            );
          }}
        >
          <option value="heads">the migrations’ heads (shadow database)</option>
          {connections.map((c) => (
            <option key={c.id} value={`connection:${c.id}`}>
              {c.name} (live database)
            </option>
          ))}
        </select>
      </label>
      <Button
        size="sm"
        icon={<IconRefresh />}
        onClick={() => void runDiff(store, studio)}
        disabled={phase === 'diffing' || phase === 'saving'}
      >
        Compare again
      </Button>
      <span className="review-spacer" />
      <Button size="sm" variant="ghost" icon={<IconClose />} onClick={onClose} data-testid="review-close">
        Close
      </Button>
    </header>
  );
}

function Status() {
  const phase = useReview((s) => s.phase);
  const startedAt = useReview((s) => s.startedAt);
  const error = useReview((s) => s.error);
  const diff = useReview((s) => s.diff);
  const editsReplaced = useReview((s) => s.editsReplaced);
  return (
    <>
      {phase === 'diffing' && (
        <div className="review-progress" role="status" data-testid="review-progress">
          <Spinner label="Comparing" />
          <span>
            Comparing schema.sql… <Elapsed since={startedAt} />
          </span>
          <span className="review-muted">
            both schemas are built on shadow databases; on PostgreSQL this takes a few seconds
          </span>
        </div>
      )}
      {error && (
        <div className="review-error" role="alert" data-testid="review-error">
          {error}
        </div>
      )}
      {diff && phase !== 'diffing' && (
        <div className="review-summary" data-testid="review-summary">
          <span>
            Against {diff.source}:{' '}
            {diff.operations.length === 0
              ? 'no changes'
              : `${diff.operations.length} operation${diff.operations.length === 1 ? '' : 's'}`}
          </span>
          {editsReplaced && (
            <span className="review-warning">Your edits to the SQL were replaced by the new diff.</span>
          )}
          {diff.warnings.map((w) => (
            <span key={w} className="review-muted review-warning-line">
              {w}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

function Footer({ onSaved }: { readonly onSaved: () => void }) {
  const store = useReviewStore();
  const studio = useStudioStore();
  const s = useReview((x) => x);
  const blockers = saveBlockers(s);
  const save = async (): Promise<void> => {
    if (blockers.length > 0 || s.phase !== 'ready') return;
    if ((await saveReview(store, studio)) !== null) onSaved();
  };
  return (
    <footer className="review-foot">
      <input
        className="review-message"
        data-testid="review-message"
        placeholder="Message of the new revision, e.g. rename users.name to display_name"
        aria-label="Message of the new revision"
        value={s.message}
        onChange={(e) => setMessage(store, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void save();
        }}
      />
      <span className="review-blockers" data-testid="review-blockers" aria-live="polite">
        {blockers.length > 0 ? `To save: ${blockers.join(', ')}` : s.edited ? 'The edited SQL is what is saved' : ''}
      </span>
      <Button
        variant="primary"
        data-testid="review-save"
        disabled={blockers.length > 0 || s.phase !== 'ready'}
        busy={s.phase === 'saving'}
        onClick={() => void save()}
      >
        Save as revision
      </Button>
    </footer>
  );
}

function Screen({ onClose }: { readonly onClose: () => void }) {
  const theme = useStudio((s) => s.theme);
  const language = useStudio((s) => (s.project?.dialect === 'postgres' ? 'pgsql' : 'sql'));
  const diff = useReview((s) => s.diff);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && !e.defaultPrevented) onClose();
  };
  return (
    <div
      className="review"
      role="dialog"
      aria-modal="true"
      aria-label="Autogenerate revision"
      data-testid="review-screen"
      onKeyDown={onKeyDown}
    >
      <Header onClose={onClose} />
      <Status />
      <div className="review-body">
        <aside className="review-side">
          <RenamePrompts />
          <OperationList />
        </aside>
        <div className="review-main">
          <section className="review-pane review-schema" aria-label="Schema before and after">
            <header className="review-pane-head">
              Schema <span className="review-muted">before (source) → after (schema.sql)</span>
            </header>
            <SqlDiffEditor
              original={diff?.beforeDdl ?? ''}
              modified={diff?.afterDdl ?? ''}
              language={language}
              theme={theme}
              ariaLabel="Schema before and after"
              testId="review-schema-diff"
              className="review-editor"
            />
          </section>
          <ReviewSql language={language} />
        </div>
      </div>
      <Footer onSaved={onClose} />
    </div>
  );
}

/** The screen with its own store, created when it opens: the active connection, else the heads. */
export function ReviewScreen({ onClose }: { readonly onClose: () => void }) {
  const studio = useStudioStore();
  const [store] = useState(() => {
    const active = studio.getState().activeConnectionId;
    return createReviewStore(active ? { kind: 'connection', connectionId: active } : { kind: 'heads' });
  });
  useEffect(() => {
    void runDiff(store, studio);
  }, [store, studio]);
  return (
    <ReviewStoreContext.Provider value={store}>
      <Screen onClose={onClose} />
    </ReviewStoreContext.Provider>
  );
}

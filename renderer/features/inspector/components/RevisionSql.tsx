// The revision's upgrade and downgrade SQL in Monaco, read-only until "Edit". Edits are a
// draft (text in the inspector's store) until saved; saving an applied revision is allowed
// but says where it is applied, because its checksum no longer matches there.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { RevisionDetail } from '../../../../shared/api/project.ts';
import {
  revisionSqlUri,
  SqlEditor,
  type SqlLanguage,
  type SqlMarker,
  type SqlQuickFix,
  type SqlSection,
} from '../../../editor/index.ts';
import { useStudio } from '../../../store/context.tsx';
import { Button, IconEdit, IconPlus } from '../../../ui/index.ts';
import { useDraftLint, useLint, useLintCommands } from '../../lint/index.ts';
import { errorMessage } from '../../../store/studio-store.ts';
import { changeDraft, discardDraft, isDirty, saveDraft, startEditing } from '../commands.ts';
import { findingMarkers, findingQuickFixes, listFindings, type ListedFinding } from '../lint.ts';
import { ALEMBIC_EDIT_REASON, ALEMBIC_FIX_REASON, isAlembicModule } from '../source.ts';
import { useInspector, useInspectorStore } from '../store.ts';
import { FixPreview, type FixPreviewState } from './FixPreview.tsx';
import { LintFindings } from './LintFindings.tsx';

const EDITOR_HEIGHT = { min: 48, max: 340 } as const;

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function SqlSectionView(props: {
  readonly detail: RevisionDetail;
  readonly section: SqlSection;
  readonly text: string | null;
  readonly firstLine: number | null;
  readonly editing: boolean;
  readonly language: SqlLanguage;
  readonly markers?: readonly SqlMarker[];
  readonly quickFixes?: readonly SqlQuickFix[];
  readonly onQuickFix?: (id: string) => void;
}) {
  const store = useInspectorStore();
  const theme = useStudio((s) => s.theme);
  const { detail, section, text, firstLine, editing } = props;
  const testId = section === 'upgrade' ? 'upgrade-sql' : 'downgrade-sql';
  const title = section === 'upgrade' ? 'Upgrade' : 'Downgrade';
  return (
    <section className="insp-sql-section" aria-label={`${title} SQL`}>
      <div className="insp-sql-label">
        <span className={`insp-dir insp-dir-${section}`}>{section === 'upgrade' ? '↑' : '↓'}</span>
        <span>{title}</span>
        {firstLine !== null && text !== null && (
          <span className="insp-muted insp-sql-line">
            {isAlembicModule(detail) ? 'offline SQL, rendered by alembic' : `from line ${firstLine}`}
          </span>
        )}
        {editing && section === 'downgrade' && text !== null && (
          <button
            type="button"
            className="insp-text-btn"
            onClick={() => changeDraft(store, detail.id, 'downgrade', null)}
            title="Remove the downgrade section: this revision will not be downgradable"
          >
            Remove section
          </button>
        )}
      </div>
      {text === null ? (
        <div className="insp-sql-none" data-testid={testId}>
          <span>No downgrade section: this revision cannot be downgraded.</span>
          {editing && (
            <Button size="sm" icon={<IconPlus />} onClick={() => changeDraft(store, detail.id, 'downgrade', '')}>
              Add downgrade
            </Button>
          )}
        </div>
      ) : (
        <SqlEditor
          uri={revisionSqlUri(detail.id, section)}
          value={text}
          language={props.language}
          theme={theme}
          readOnly={!editing}
          onChange={(value) => changeDraft(store, detail.id, section, value)}
          {...(props.markers ? { markers: props.markers } : {})}
          {...(props.quickFixes ? { quickFixes: props.quickFixes } : {})}
          {...(props.onQuickFix ? { onQuickFix: props.onQuickFix } : {})}
          firstLineNumber={firstLine ?? 1}
          autoHeight={EDITOR_HEIGHT}
          wordWrap
          readOnlyMessage="Read-only: press Edit to change this revision"
          ariaLabel={`${title} SQL of ${detail.id}`}
          testId={testId}
          className="insp-sql-editor"
        />
      )}
    </section>
  );
}

export function RevisionSql({ detail }: { detail: RevisionDetail }) {
  const store = useInspectorStore();
  const draft = useInspector((s) => s.drafts[detail.id]);
  const saving = useInspector((s) => s.saving === detail.id);
  const note = useInspector((s) => (s.note?.revision === detail.id ? s.note : null));
  const saveRevision = useStudio((s) => s.saveRevision);
  const dialect = useStudio((s) => s.project?.dialect);
  const appliedOn = useStudio((s) => {
    const id = s.activeConnectionId;
    const status = id ? s.statuses[id] : undefined;
    return status && status !== 'loading' && status.applied.includes(detail.id)
      ? (s.connections.find((c) => c.id === id)?.name ?? id)
      : null;
  });
  const editing = draft !== undefined;
  const python = isAlembicModule(detail);
  const dirty = isDirty(draft, detail);
  const lintEntry = useLint((s) => s.revisionLints[detail.id]);
  const { loadRevisionLint, applyLintFix } = useLintCommands();
  useEffect(() => {
    if (lintEntry === undefined) void loadRevisionLint(detail.id);
  }, [lintEntry, detail.id, loadRevisionLint]);
  const lint = lintEntry?.state === 'ready' ? lintEntry.lint : null;
  const listed = useMemo(
    () => (lint ? listFindings(detail.id, lint, detail.upgradeLine) : []),
    [lint, detail.id, detail.upgradeLine],
  );
  // While the text differs from the file, it is linted as typed (in the lint worker); the
  // file's findings would point at lines that may have moved.
  const typed = useDraftLint(
    dirty && draft
      ? { id: detail.id, text: draft.upgradeSql, upgradeLine: detail.upgradeLine, transactional: detail.transactional }
      : null,
  );
  const typedListed = useMemo(
    () =>
      typed.lint && draft && typed.text === draft.upgradeSql
        ? listFindings(detail.id, typed.lint, detail.upgradeLine)
        : [],
    [typed.lint, typed.text, draft, detail.id, detail.upgradeLine],
  );
  const markers = useMemo(() => findingMarkers(dirty ? typedListed : listed), [dirty, typedListed, listed]);
  const quickFixes = useMemo(() => (dirty || python ? [] : findingQuickFixes(listed)), [dirty, python, listed]);
  const fixBlocked = python
    ? ALEMBIC_FIX_REASON
    : dirty
      ? 'Save or cancel your edits first: the fix is applied to the saved file'
      : null;
  const client = useStudio((s) => s.client);
  const [preview, setPreview] = useState<(FixPreviewState & { readonly item: ListedFinding }) | null>(null);
  // A fix is shown as a diff of the file first; nothing is written until the user applies it.
  const fix = (item: ListedFinding): void => {
    if (fixBlocked) return;
    const ask = { id: detail.id, rule: item.finding.rule, line: item.finding.line, index: item.index };
    setPreview({ key: item.key, item, preview: null, error: null });
    client.call('lint.previewFix', ask).then(
      (p) => setPreview((cur) => (cur?.key === item.key ? { ...cur, preview: p } : cur)),
      (error: unknown) => setPreview((cur) => (cur?.key === item.key ? { ...cur, error: errorMessage(error) } : cur)),
    );
  };
  const applyPreviewed = (): void => {
    if (!preview?.preview) return;
    const { item } = preview;
    setPreview(null);
    if (editing) discardDraft(store, detail.id);
    void applyLintFix(detail.id, item.finding.rule, item.finding.line, item.index);
  };
  const onQuickFix = (key: string): void => {
    const item = listed.find((l) => l.key === key);
    if (item) fix(item);
  };
  const language: SqlLanguage = dialect === 'postgres' ? 'pgsql' : 'sql';
  // The gutter shows file lines; while the upgrade is edited, the downgrade moves with it.
  const downgradeLine =
    detail.downgradeLine === null
      ? null
      : detail.downgradeLine + (draft ? lineCount(draft.upgradeSql) - lineCount(detail.upgradeSql) : 0);
  const save = (): void => {
    if (editing && dirty) void saveDraft(store, detail.id, saveRevision);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (editing && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      save();
    }
  };

  return (
    <div className="insp-sql" onKeyDown={onKeyDown}>
      <div className="insp-section-head">
        <h3>SQL</h3>
        {editing && dirty && (
          <span className="insp-dirty" title="Unsaved changes">
            ● modified
          </span>
        )}
        <span className="insp-spacer" />
        {editing ? (
          <>
            <Button size="sm" variant="ghost" onClick={() => discardDraft(store, detail.id)} disabled={saving}>
              Cancel
            </Button>
            <Button
              size="sm"
              variant="primary"
              data-testid="save-revision"
              onClick={save}
              disabled={!dirty}
              busy={saving}
              title="Save (Ctrl+S)"
            >
              Save
            </Button>
          </>
        ) : (
          <Button
            size="sm"
            icon={<IconEdit />}
            data-testid="edit-revision"
            disabled={python}
            title={python ? ALEMBIC_EDIT_REASON : undefined}
            onClick={() => startEditing(store, detail)}
          >
            Edit
          </Button>
        )}
      </div>
      {editing && appliedOn && (
        <p className="insp-note insp-note-warning" role="note">
          Applied on {appliedOn}: saving changes its checksum there, and <code>strata check</code> will report the edit.
        </p>
      )}
      {note && (
        <p
          className={`insp-note insp-note-${note.kind}`}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="save-message"
        >
          {note.text}
        </p>
      )}
      <SqlSectionView
        detail={detail}
        section="upgrade"
        text={draft ? draft.upgradeSql : detail.upgradeSql}
        firstLine={detail.upgradeLine}
        editing={editing}
        language={language}
        markers={markers}
        quickFixes={quickFixes}
        onQuickFix={onQuickFix}
      />
      <LintFindings entry={lintEntry} listed={listed} fixBlocked={fixBlocked} onFix={fix} offlineLines={python} />
      {dirty && (
        <p
          className="insp-muted"
          data-testid="typed-lint"
          data-linted={!typed.pending && typed.lint && typed.text === draft?.upgradeSql ? 'current' : 'stale'}
          aria-live="polite"
        >
          {typed.pending
            ? 'Linting your edit…'
            : typed.error
              ? `Lint of your edit failed: ${typed.error}`
              : typed.lint
                ? `Your edit: ${typedListed.length} finding${typedListed.length === 1 ? '' : 's'} ` +
                  `(linted in ${typed.lint.elapsedMs.toFixed(0)} ms, not saved yet)`
                : ''}
        </p>
      )}
      <FixPreview state={preview} onApply={applyPreviewed} onClose={() => setPreview(null)} />
      <SqlSectionView
        detail={detail}
        section="downgrade"
        text={draft ? draft.downgradeSql : detail.downgradeSql}
        firstLine={downgradeLine}
        editing={editing}
        language={language}
      />
    </div>
  );
}

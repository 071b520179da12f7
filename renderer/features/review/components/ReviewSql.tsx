// The generated upgrade and downgrade, editable. The upgrade carries lint markers and quick
// fixes: the engine's lint of what it generated, then, once the user edits it, the lint of the
// text as typed (lint.draft, in the lint worker, after a pause in the typing).
import { useMemo } from 'react';
import { SqlEditor, type SqlLanguage } from '../../../editor/index.ts';
import { useStudio } from '../../../store/context.tsx';
import { findingMarkers, findingQuickFixes, listFindings, useDraftLint } from '../../lint/index.ts';
import { applyUpgradeFix, editSql } from '../commands.ts';
import { useReview, useReviewStore } from '../store.ts';

const LINT_KEY = 'review';

export function ReviewSql({ language }: { readonly language: SqlLanguage }) {
  const store = useReviewStore();
  const theme = useStudio((s) => s.theme);
  const upgradeSql = useReview((s) => s.upgradeSql);
  const downgradeSql = useReview((s) => s.downgradeSql);
  const transactional = useReview((s) => s.transactional);
  const edited = useReview((s) => s.edited);
  const generated = useReview((s) => s.diff?.lint ?? null);
  const generation = useReview((s) => s.generation);
  const draft = useDraftLint(edited ? { id: undefined, text: upgradeSql, upgradeLine: 1, transactional } : null);
  // The generated text's lint until the user edits; then the draft's, while it is about this text.
  const lint = edited ? (draft.text === upgradeSql ? draft.lint : null) : generated;
  const listed = useMemo(() => (lint ? listFindings(LINT_KEY, lint, 1) : []), [lint]);
  const markers = useMemo(() => findingMarkers(listed), [listed]);
  const quickFixes = useMemo(() => findingQuickFixes(listed), [listed]);
  const onQuickFix = (key: string): void => {
    const fix = listed.find((l) => l.key === key)?.finding.fix;
    if (fix) applyUpgradeFix(store, fix);
  };
  const count = `${listed.length} finding${listed.length === 1 ? '' : 's'}`;
  const status = edited
    ? draft.pending
      ? 'linting…'
      : draft.error
        ? `lint failed: ${draft.error}`
        : draft.lint
          ? `${count} · linted in ${draft.lint.elapsedMs.toFixed(0)} ms`
          : ''
    : count;
  return (
    <div className="review-sql">
      <section className="review-pane" aria-label="Upgrade SQL">
        <header className="review-pane-head">
          <span className="review-dir">↑</span> Upgrade
          {edited && <span className="review-edited">● edited</span>}
          {!transactional && <span className="review-muted">transactional false</span>}
          <span className="review-spacer" />
          <span className="review-muted" data-testid="review-lint-status" aria-live="polite">
            {status}
          </span>
        </header>
        <SqlEditor
          uri={`inmemory://review/${generation}/upgrade.sql`}
          value={upgradeSql}
          language={language}
          theme={theme}
          onChange={(text) => editSql(store, 'upgrade', text)}
          markers={markers}
          quickFixes={quickFixes}
          onQuickFix={onQuickFix}
          ariaLabel="Generated upgrade SQL"
          testId="review-upgrade"
          className="review-editor"
        />
      </section>
      <section className="review-pane" aria-label="Downgrade SQL">
        <header className="review-pane-head">
          <span className="review-dir">↓</span> Downgrade
        </header>
        <SqlEditor
          uri={`inmemory://review/${generation}/downgrade.sql`}
          value={downgradeSql}
          language={language}
          theme={theme}
          onChange={(text) => editSql(store, 'downgrade', text)}
          ariaLabel="Generated downgrade SQL"
          testId="review-downgrade"
          className="review-editor"
        />
      </section>
    </div>
  );
}

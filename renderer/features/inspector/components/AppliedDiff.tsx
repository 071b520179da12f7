// A revision edited after it was applied: its text as applied (kept in the history table)
// beside the file now, so the edit `strata check` will complain about is seen, not guessed.
// Rows from before the text was kept say so.
import type { RevisionDetail } from '../../../../shared/api/project.ts';
import { revisionText } from '../../../../shared/model/revision-text.ts';
import { SqlDiffEditor } from '../../../editor/index.ts';
import { useStudio } from '../../../store/context.tsx';
import type { HistoryEntry } from '../use-revision-history.ts';

export function AppliedDiff({ entry, detail }: { entry: HistoryEntry; detail: RevisionDetail }) {
  const theme = useStudio((s) => s.theme);
  const language = useStudio((s) => (s.project?.dialect === 'postgres' ? 'pgsql' : 'sql'));
  return (
    <div className="insp-applied-diff" data-testid="applied-diff" data-recorded={entry.appliedSql ? 'true' : 'false'}>
      <div className="insp-applied-diff-head">
        <strong>Edited since it was applied</strong>{' '}
        <span className="insp-muted">
          applied with checksum <code>{entry.checksum?.slice(0, 12)}</code>, the file now has{' '}
          <code>{detail.checksum.slice(0, 12)}</code>
        </span>
      </div>
      {entry.appliedSql ? (
        <SqlDiffEditor
          original={entry.appliedSql}
          modified={revisionText(detail.upgradeSql, detail.downgradeSql)}
          language={language}
          theme={theme}
          ariaLabel="The revision as applied, and the file now"
          testId="applied-diff-editor"
          className="insp-fix-diff"
        />
      ) : (
        <p className="insp-empty-line" data-testid="applied-diff-not-recorded">
          Applied text not recorded: this row was written before Strata kept what it applied.
        </p>
      )}
    </div>
  );
}

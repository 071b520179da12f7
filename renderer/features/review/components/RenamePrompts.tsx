// One question per rename candidate: a drop and an add of the same shape are never taken for
// a rename silently; the user says which it is, and the diff is asked again.
import type { RenameCandidateInfo } from '../../../../shared/api/autogen.ts';
import { useStudioStore } from '../../../store/context.tsx';
import { answerRename } from '../commands.ts';
import { candidateKey, describeRename } from '../model.ts';
import { useReview, useReviewStore } from '../store.ts';

function Prompt({ candidate }: { readonly candidate: RenameCandidateInfo }) {
  const store = useReviewStore();
  const studio = useStudioStore();
  const answer = useReview((s) => s.answers[candidateKey(candidate)]);
  const busy = useReview((s) => s.phase !== 'ready');
  const what = candidate.kind === 'table' ? 'table' : 'column';
  return (
    <li className={`review-rename${answer ? ' is-answered' : ''}`} data-testid="rename-prompt">
      <p>
        Rename {what} <code>{describeRename(candidate)}</code>, or drop and add?
      </p>
      <div className="review-rename-choices" role="group" aria-label={`Rename ${describeRename(candidate)}?`}>
        <button
          type="button"
          className={`review-choice${answer === 'rename' ? ' is-chosen' : ''}`}
          aria-pressed={answer === 'rename'}
          disabled={busy}
          data-testid="rename-answer-rename"
          onClick={() => void answerRename(store, studio, candidate, 'rename')}
        >
          Rename (keeps the data)
        </button>
        <button
          type="button"
          className={`review-choice is-danger${answer === 'drop' ? ' is-chosen' : ''}`}
          aria-pressed={answer === 'drop'}
          disabled={busy}
          data-testid="rename-answer-drop"
          onClick={() => void answerRename(store, studio, candidate, 'drop')}
        >
          Drop and add (loses {candidate.from})
        </button>
      </div>
    </li>
  );
}

export function RenamePrompts() {
  const candidates = useReview((s) => s.candidates);
  if (candidates.length === 0) return null;
  return (
    <section className="review-section" aria-label="Renames">
      <h3>Renames to decide</h3>
      <ul className="review-list">
        {candidates.map((c) => (
          <Prompt key={candidateKey(c)} candidate={c} />
        ))}
      </ul>
    </section>
  );
}

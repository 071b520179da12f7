// Several heads mean parallel branches that nobody merged yet: `strata upgrade head` refuses,
// so the graph says so up front, lets the user jump to each head, and opens the merge screen
// (on every head, or on the ones picked with Ctrl/Cmd+click on the graph).
import type { RevisionNode } from '../../../../shared/api/project.ts';
import { shortId } from '../graph-model.ts';
import { IconHeads } from './icons.tsx';

interface HeadsBannerProps {
  readonly heads: readonly RevisionNode[];
  /** Heads picked on the graph (Ctrl/Cmd+click), in the order picked. */
  readonly picked: readonly string[];
  onJump(id: string): void;
  onMerge(heads: readonly string[]): void;
}

export function HeadsBanner({ heads, picked, onJump, onMerge }: HeadsBannerProps) {
  // A few heads show their messages; many show ids only, each message in its tooltip.
  const terse = heads.length > 3;
  return (
    <div className="graph-heads-banner" role="status" data-testid="heads-banner">
      <IconHeads />
      <strong>{heads.length} heads — merge needed</strong>
      <span className="graph-heads-list">
        {heads.map((h) => (
          <button
            type="button"
            key={h.id}
            className={`graph-head-chip${picked.includes(h.id) ? ' is-picked' : ''}`}
            onClick={() => onJump(h.id)}
            title={`Go to ${h.id}: ${h.message}`}
          >
            <code>{shortId(h.id)}</code>
            {!terse && <span>{h.message}</span>}
          </button>
        ))}
      </span>
      <span className="graph-heads-actions">
        {picked.length >= 2 ? (
          <button
            type="button"
            className="graph-heads-merge"
            onClick={() => onMerge(picked)}
            title="Open the merge screen on the heads picked on the graph"
            data-testid="heads-merge-picked"
          >
            Merge {picked.length} picked heads…
          </button>
        ) : (
          <button
            type="button"
            className="graph-heads-merge"
            onClick={() => onMerge([])}
            title="See what each branch did, the conflicts, and merge or linearize (Ctrl/Cmd+click heads to pick some)"
            data-testid="heads-merge"
          >
            Merge heads…
          </button>
        )}
      </span>
    </div>
  );
}

// Several heads mean parallel branches that nobody merged yet: `strata upgrade head` refuses,
// so the graph says so up front and lets the user jump to each head.
import type { RevisionNode } from '../../../../shared/api/project.ts';
import { shortId } from '../graph-model.ts';
import { IconHeads } from './icons.tsx';

interface HeadsBannerProps {
  readonly heads: readonly RevisionNode[];
  onJump(id: string): void;
}

export function HeadsBanner({ heads, onJump }: HeadsBannerProps) {
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
            className="graph-head-chip"
            onClick={() => onJump(h.id)}
            title={`Go to ${h.id}: ${h.message}`}
          >
            <code>{shortId(h.id)}</code>
            {!terse && <span>{h.message}</span>}
          </button>
        ))}
      </span>
    </div>
  );
}

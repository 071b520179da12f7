// The conflicts, named: per pair of heads, the verdict, then each object both branches touch in
// ways that do not commute (what, why, where on each side, and how to resolve it when that is
// obvious). "Cannot tell" is said as such, with the statements no footprint could read.
import type { MergeAnalyzeOutput } from '../../../../shared/api/merge.ts';
import { Badge, type Tone } from '../../../ui/index.ts';
import { RULE_TEXT, shortId, VERDICT_TEXT } from '../model.ts';

type Analysis = MergeAnalyzeOutput['analysis'];
type Pair = Analysis['pairs'][number];

const VERDICT_TONE: Readonly<Record<Pair['verdict'], Tone>> = {
  conflict: 'danger',
  clean: 'success',
  'cannot-tell': 'warning',
};

const COMMUTE_TEXT = {
  same: 'both orders end with the same schema',
  different: 'the two orders end with different schemas',
  failed: 'one order fails',
  unavailable: 'no shadow database could be used',
} as const;

function PairReport({ pair, many }: { readonly pair: Pair; readonly many: boolean }) {
  return (
    <div className="merge-pair" data-testid="merge-pair" data-verdict={pair.verdict}>
      <div className="merge-pair-head">
        <Badge tone={VERDICT_TONE[pair.verdict]} data-testid="merge-verdict">
          {VERDICT_TEXT[pair.verdict]}
        </Badge>
        {many && (
          <span className="merge-muted">
            <code>{shortId(pair.heads[0])}</code> ↔ <code>{shortId(pair.heads[1])}</code>
          </span>
        )}
        {pair.verdict === 'clean' && pair.conflicts.length === 0 && (
          <span className="merge-muted">the branches touch different objects</span>
        )}
      </div>
      {pair.conflicts.length > 0 && (
        <ul className="merge-conflicts">
          {pair.conflicts.map((c, i) => (
            <li
              key={`${c.rule}:${c.object}:${i}`}
              className="merge-conflict"
              data-testid="merge-conflict"
              data-object={c.object}
              data-rule={c.rule}
            >
              <div className="merge-conflict-title">
                <span className="merge-object-kind">{c.kind}</span>
                <code className="merge-conflict-object">{c.object}</code>
                <span className="merge-conflict-rule">{RULE_TEXT[c.rule]}</span>
              </div>
              <p className="merge-conflict-msg">{c.message}</p>
              <ul className="merge-sides">
                {c.sides.map((s) => (
                  <li key={`${s.head}:${s.revision}:${s.line}`}>
                    <code>{shortId(s.revision)}</code> line {s.line}: {s.what}
                    <span className="merge-muted"> (branch of {shortId(s.head)})</span>
                  </li>
                ))}
              </ul>
              {c.suggestion && (
                <p className="merge-suggestion">
                  <strong>Suggestion:</strong> {c.suggestion}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {pair.opaque.length > 0 && (
        <div className="merge-opaque" data-testid="merge-cannot-tell">
          <p>
            {pair.verdict === 'cannot-tell'
              ? 'Cannot tell whether these branches conflict: no footprint reads these statements, ' +
                'and no shadow check decided.'
              : 'Statements no footprint reads:'}
          </p>
          <ul>
            {pair.opaque.map((o) => (
              <li key={`${o.revision}:${o.line}`}>
                <code>{shortId(o.revision)}</code> line {o.line}: {o.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {pair.commute && (
        <p className="merge-muted merge-commute" data-testid="merge-commute" data-outcome={pair.commute.outcome}>
          Shadow check (A then B, B then A): {COMMUTE_TEXT[pair.commute.outcome]}
          {pair.commute.detail ? ` — ${pair.commute.detail}` : ''}
        </p>
      )}
    </div>
  );
}

export function ConflictList({ analysis }: { readonly analysis: Analysis }) {
  return (
    <section className="merge-section" aria-label="Conflicts" data-testid="merge-conflicts">
      <h3 className="merge-h">Conflicts</h3>
      {analysis.pairs.length === 0 ? (
        <p className="merge-muted">One head: nothing to compare.</p>
      ) : (
        analysis.pairs.map((p) => <PairReport key={p.heads.join(':')} pair={p} many={analysis.pairs.length > 1} />)
      )}
    </section>
  );
}

// Which known connection has which branch applied. A database with changes of two branches
// applied has them in an order the merge revision will not record: the warning says so.
import type { MergeAnalyzeOutput } from '../../../../shared/api/merge.ts';
import { Badge, type Tone } from '../../../ui/index.ts';
import { shortId } from '../model.ts';

type Placement = 'none' | 'partial' | 'all';
const PLACEMENT: Readonly<Record<Placement, { text: string; tone: Tone }>> = {
  none: { text: 'not applied', tone: 'neutral' },
  partial: { text: 'partly applied', tone: 'warning' },
  all: { text: 'applied', tone: 'success' },
};

export function DatabasePlacements({ result }: { readonly result: MergeAnalyzeOutput }) {
  const { analysis, databases } = result;
  return (
    <section className="merge-section" aria-label="Databases" data-testid="merge-databases">
      <h3 className="merge-h">Which databases are where</h3>
      {databases.length === 0 ? (
        <p className="merge-muted">No saved connections: no database is known to have either branch.</p>
      ) : (
        <table className="merge-table">
          <thead>
            <tr>
              <th scope="col">Connection</th>
              {analysis.heads.map((h) => (
                <th key={h} scope="col">
                  branch of <code>{shortId(h)}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {databases.map((d) => (
              <tr key={d.connectionId} data-testid="merge-database" data-connection-id={d.connectionId}>
                <th scope="row">{d.database}</th>
                {d.branches === null ? (
                  <td colSpan={analysis.heads.length} className="merge-error-text">
                    could not be read: {d.error}
                  </td>
                ) : (
                  d.branches.map((p, k) => (
                    <td key={analysis.heads[k] ?? k} data-placement={p}>
                      <Badge tone={PLACEMENT[p].tone}>{PLACEMENT[p].text}</Badge>
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {databases
        .filter((d) => d.warning)
        .map((d) => (
          <p key={d.connectionId} className="merge-warning" role="note" data-testid="merge-order-warning">
            {d.warning}
          </p>
        ))}
    </section>
  );
}

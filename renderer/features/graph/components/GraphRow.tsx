// One revision row: lanes and node, badges and labels, message, id and date, and the actions
// shown on hover or selection. Clicks are handled once, on the list (see GraphList), through
// the data-* attributes here.
import { memo, type ReactNode } from 'react';
import type { RevisionLintSummary } from '../../../../shared/api/lint.ts';
import type { RevisionNode } from '../../../../shared/api/project.ts';
import type { LayoutRow } from '../../../../shared/model/graph-layout.ts';
import type { Geometry } from '../geometry.ts';
import { shortDate, shortId } from '../graph-model.ts';
import { LANE_COLORS, LaneCell, type NodeMark } from './LaneCell.tsx';

const MAX_CHIPS = 2;

export interface GraphRowProps {
  readonly revision: RevisionNode;
  readonly index: number;
  /** Rows in the whole list (most are not mounted): for aria-setsize. */
  readonly count: number;
  readonly g: Geometry;
  readonly row: LayoutRow;
  readonly prev: LayoutRow | undefined;
  readonly mark: NodeMark;
  readonly applied: boolean;
  readonly dbHead: boolean;
  /** A transactional false run of it was cut off half way on the active connection. */
  readonly interrupted: boolean;
  /** Lint findings of this revision (undefined: none, or not linted yet). */
  readonly lint: RevisionLintSummary | undefined;
  readonly head: boolean;
  /** Several heads: each one is flagged as needing a merge. */
  readonly manyHeads: boolean;
  /** A head picked (Ctrl/Cmd+click) for the merge screen. */
  readonly picked: boolean;
  readonly selected: boolean;
  /** The search query when this row matches it, else ''. */
  readonly match: string;
  /** Name of the active connection, for tooltips; null when there is none. */
  readonly connectionName: string | null;
  /** Why each action is unavailable here, or null when it is available. */
  readonly upgradeBlocked: string | null;
  readonly downgradeBlocked: string | null;
}

function highlight(text: string, query: string, prefixOnly: boolean): ReactNode {
  if (!query) return text;
  const at = prefixOnly ? (text.startsWith(query) ? 0 : -1) : text.toLowerCase().indexOf(query);
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}

const LINT_ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;

function lintTitle(lint: RevisionLintSummary): string {
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => lint.counts[s] > 0)
    .map((s) => `${lint.counts[s]} ${s === 'info' ? 'note' : s}${lint.counts[s] === 1 ? '' : 's'}`);
  return `Lock-risk lint: ${parts.join(', ')} (select the revision to see them)`;
}

function GraphRowImpl(p: GraphRowProps) {
  const { revision: r, g, selected, match } = p;
  // Labels propagate to every descendant, so only heads show the ones they inherit (as a git
  // GUI shows a branch name at its tip), and never more than a couple in the row itself.
  const inherited = p.head ? r.labels.filter((l) => !r.declaredLabels.includes(l)) : [];
  const declared = r.declaredLabels.slice(0, MAX_CHIPS);
  const shownInherited = inherited.slice(0, Math.max(0, MAX_CHIPS - declared.length));
  const hidden = [...r.declaredLabels.slice(MAX_CHIPS), ...inherited.slice(shownInherited.length)];
  const status = p.mark === 'plain' ? '' : p.applied ? 'applied' : 'pending';
  const laneColor = `lane-c${p.row.color % LANE_COLORS}`;
  const runTitle = p.connectionName ? ` on ${p.connectionName}` : '';
  const actionTab = selected ? 0 : -1;
  const tooltip = [
    r.id,
    r.message,
    r.labels.length ? `labels: ${r.labels.join(', ')}` : '',
    r.dependsOn.length ? `depends on: ${r.dependsOn.join(', ')}` : '',
    r.created ? `created ${r.created}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div
      role="option"
      id={`graph-row-${r.id}`}
      aria-selected={selected}
      aria-posinset={p.index + 1}
      aria-setsize={p.count}
      aria-label={
        `${r.message}, ${shortId(r.id)}${status ? `, ${status}` : ''}${p.head ? ', head' : ''}` +
        `${p.dbHead ? ', database head' : ''}${p.interrupted ? ', interrupted' : ''}`
      }
      className={
        `graph-row${selected ? ' is-selected' : ''}${p.head ? ' is-head' : ''}` +
        `${p.dbHead ? ' is-db-head' : ''}${status ? ` is-${status}` : ''}${p.picked ? ' is-picked' : ''}`
      }
      style={{ top: p.index * g.rowHeight }}
      data-testid="graph-row"
      data-revision={r.id}
      data-index={p.index}
      data-applied={p.applied ? 'true' : 'false'}
      data-db-head={p.dbHead ? 'true' : 'false'}
      data-head={p.head ? 'true' : 'false'}
      data-picked={p.picked ? 'true' : undefined}
    >
      <LaneCell g={g} index={p.index} row={p.row} prev={p.prev} mark={p.mark} head={p.head} dbHead={p.dbHead} />
      <div className="graph-row-main">
        {p.dbHead && (
          <span className="graph-badge graph-badge-db" title={`The database's current head${runTitle}`}>
            DB
          </span>
        )}
        {p.interrupted && (
          <span
            className="graph-badge graph-badge-interrupted"
            data-testid="interrupted-badge"
            title={
              `A run of this revision was cut off half way${runTitle}: ` +
              `the run console shows what it left and the ways out`
            }
          >
            interrupted
          </span>
        )}
        {p.head && (
          <span
            className={`graph-badge graph-badge-head${p.manyHeads ? ' is-unmerged' : ''}`}
            title={
              p.manyHeads
                ? 'A head: the graph has several, merge them (Ctrl/Cmd+click heads to pick which)'
                : 'The head of the graph'
            }
          >
            head
          </span>
        )}
        {declared.map((l) => (
          <span
            key={l}
            className={`graph-chip graph-chip-label ${laneColor}`}
            title={`branch label ${l} (declared here)`}
          >
            {l}
          </span>
        ))}
        {shownInherited.map((l) => (
          <span key={l} className="graph-chip graph-chip-inherited" title={`${l}@head`}>
            {l}
          </span>
        ))}
        {hidden.length > 0 && (
          <span className="graph-chip graph-chip-inherited" title={`also: ${hidden.join(', ')}`}>
            +{hidden.length}
          </span>
        )}
        {p.lint?.worst && (
          <span
            className={`graph-lint graph-lint-${p.lint.worst}`}
            data-testid="lint-badge"
            data-severity={p.lint.worst}
            data-count={p.lint.count}
            title={lintTitle(p.lint)}
            aria-label={lintTitle(p.lint)}
          >
            <span aria-hidden="true">{LINT_ICON[p.lint.worst]}</span>
            {p.lint.count}
          </span>
        )}
        <span className="graph-msg" title={tooltip}>
          {highlight(r.message, match, false)}
        </span>
        {r.dependsOn.length > 0 && (
          <span className="graph-chip graph-chip-meta" title={`depends on ${r.dependsOn.join(', ')}`}>
            needs {r.dependsOn.map(shortId).join(', ')}
          </span>
        )}
        {!r.transactional && (
          <span className="graph-chip graph-chip-meta" title="runs outside a transaction (strata:transactional false)">
            no txn
          </span>
        )}
      </div>
      <span className="graph-id">{highlight(shortId(r.id), match, true)}</span>
      <span className="graph-date">{shortDate(r.created)}</span>
      <div className="graph-row-actions">
        <button
          type="button"
          className="graph-action"
          data-testid="upgrade-to-here"
          data-action="upgrade"
          tabIndex={actionTab}
          disabled={p.upgradeBlocked !== null}
          title={p.upgradeBlocked ?? `Preview an upgrade to ${shortId(r.id)}${runTitle} (U)`}
        >
          Upgrade to here
        </button>
        <button
          type="button"
          className="graph-action"
          data-testid="downgrade-to-here"
          data-action="downgrade"
          tabIndex={actionTab}
          disabled={p.downgradeBlocked !== null}
          title={p.downgradeBlocked ?? `Preview a downgrade to ${shortId(r.id)}${runTitle} (D)`}
        >
          Downgrade to here
        </button>
        <button
          type="button"
          className="graph-action graph-action-icon"
          data-action="menu"
          tabIndex={actionTab}
          aria-haspopup="menu"
          aria-label="More actions"
          title="More actions (Shift+F10)"
        >
          ⋯
        </button>
      </div>
    </div>
  );
}

export const GraphRow = memo(GraphRowImpl);

// The heads' branches side by side: each one's revisions since the fork point, when they were
// written, and the objects each creates, alters, drops or writes rows of. Statements the
// footprint could not read are named, and so are the ones a conflict points at.
import { useMemo } from 'react';
import type { MergeAnalyzeOutput } from '../../../../shared/api/merge.ts';
import { useStudioStore } from '../../../store/context.tsx';
import { Badge, Button } from '../../../ui/index.ts';
import { previewLinearize } from '../commands.ts';
import { conflictSpots, linearizeChoices, revisionObjects, shortId, type LinearizeChoice } from '../model.ts';
import { useMergeStore } from '../store.ts';

type Branch = MergeAnalyzeOutput['analysis']['branches'][number];
type BranchRevision = Branch['revisions'][number];

const ACTION_MARK = { create: '+', alter: '~', drop: '−', data: '✎' } as const;
const ACTION_TEXT = { create: 'creates', alter: 'alters', drop: 'drops', data: 'writes rows of' } as const;

function shortDate(created: string | null): string {
  if (!created) return '';
  const d = new Date(created);
  return Number.isNaN(d.getTime()) ? created : d.toISOString().slice(0, 16).replace('T', ' ');
}

function RevisionFootprint({
  revision,
  spots,
}: {
  readonly revision: BranchRevision;
  readonly spots: ReadonlySet<string>;
}) {
  const objects = revisionObjects(revision.footprint.touches);
  return (
    <li className="merge-rev" data-testid="merge-revision" data-revision={revision.id}>
      <div className="merge-rev-head">
        <code className="merge-rev-id">{shortId(revision.id)}</code>
        <span className="merge-rev-msg" title={revision.message}>
          {revision.message || '(no message)'}
        </span>
        <span className="merge-rev-date" title={revision.created ? `written ${revision.created}` : 'no created header'}>
          {shortDate(revision.created)}
        </span>
      </div>
      {objects.length === 0 && revision.footprint.opaque.length === 0 ? (
        <p className="merge-muted merge-rev-none">changes no schema object</p>
      ) : (
        <ul className="merge-objects">
          {objects.map((t) => {
            const conflicting = spots.has(`${revision.id}:${t.line}`);
            return (
              <li
                key={`${t.action} ${t.kind} ${t.name}`}
                className={`merge-object is-${t.action}${conflicting ? ' is-conflict' : ''}`}
                data-testid="merge-object"
                data-action={t.action}
                data-conflict={conflicting ? 'true' : 'false'}
                title={`${ACTION_TEXT[t.action]} ${t.kind} ${t.name}: ${t.what}, line ${t.line}`}
              >
                <span className="merge-object-mark" aria-label={ACTION_TEXT[t.action]}>
                  {ACTION_MARK[t.action]}
                </span>
                <span className="merge-object-kind">{t.kind}</span>
                <code>{t.name}</code>
              </li>
            );
          })}
          {revision.footprint.opaque.map((o) => (
            <li key={`opaque:${o.line}`} className="merge-object is-opaque" data-testid="merge-opaque">
              <span className="merge-object-mark" aria-label="not readable">
                ?
              </span>
              <span>
                line {o.line}: {o.reason}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function LinearizeButton({ choice }: { readonly choice: LinearizeChoice }) {
  const store = useMergeStore();
  const studio = useStudioStore();
  const onto = choice.onto[0];
  if (onto === undefined) return null;
  return (
    <Button
      size="sm"
      disabled={choice.blocked !== null}
      title={
        choice.blocked ??
        `Re-parent this branch onto ${shortId(onto)} instead of merging ` +
          `(the header changes are shown before anything is written)`
      }
      onClick={() => void previewLinearize(store, studio, choice.head, onto)}
      data-testid="merge-linearize"
    >
      Linearize onto {choice.onto.length === 1 ? shortId(onto) : '…'}
    </Button>
  );
}

export function BranchColumns({ result }: { readonly result: MergeAnalyzeOutput }) {
  const { analysis } = result;
  const spots = useMemo(() => conflictSpots(analysis), [analysis]);
  const choices = useMemo(() => linearizeChoices(result), [result]);
  return (
    <div
      className="merge-branches"
      style={{ gridTemplateColumns: `repeat(${analysis.branches.length}, minmax(300px, 1fr))` }}
    >
      {analysis.branches.map((b, k) => {
        const choice = choices[k];
        const head = b.revisions[b.revisions.length - 1];
        return (
          <section
            key={b.head}
            className="merge-branch"
            aria-label={`Branch of ${b.head}`}
            data-testid="merge-branch"
            data-head={b.head}
          >
            <header className="merge-branch-head">
              <div className="merge-branch-title">
                <Badge tone="warning">head</Badge>
                <code>{shortId(b.head)}</code>
                {b.labels.map((l) => (
                  <Badge key={l} tone="accent">
                    {l}
                  </Badge>
                ))}
              </div>
              <p className="merge-branch-msg" title={head?.message}>
                {head?.message}
              </p>
              <div className="merge-branch-meta">
                <span className="merge-muted">
                  {b.revisions.length} revision{b.revisions.length === 1 ? '' : 's'} since the fork point
                </span>
                {choice && <LinearizeButton choice={choice} />}
              </div>
            </header>
            <ol className="merge-revs">
              {b.revisions.map((r) => (
                <RevisionFootprint key={r.id} revision={r} spots={spots} />
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}

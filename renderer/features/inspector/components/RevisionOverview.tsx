// The revision's identity and metadata: message, id, where it stands on the active
// connection, and its place in the graph (links move the selection).
import { useMemo, useState } from 'react';
import type { RevisionDetail } from '../../../../shared/api/project.ts';
import { useStudio } from '../../../store/context.tsx';
import { Badge, IconCheck, type Tone } from '../../../ui/index.ts';
import { formatDate, projectRelative } from '../format.ts';

function RevisionLinks({ ids, empty }: { ids: readonly string[]; empty: string }) {
  const select = useStudio((s) => s.select);
  const graph = useStudio((s) => s.graph);
  const messages = useMemo(() => new Map((graph?.revisions ?? []).map((r) => [r.id, r.message])), [graph]);
  if (ids.length === 0) return <span className="insp-muted">{empty}</span>;
  return (
    <span className="insp-links">
      {ids.map((id) => (
        <button
          key={id}
          type="button"
          className="insp-link"
          title={messages.get(id) ?? id}
          onClick={() => void select(id)}
        >
          {id}
        </button>
      ))}
    </span>
  );
}

function CopyId({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="insp-icon-btn"
      aria-label="Copy revision id"
      title={copied ? 'Copied' : 'Copy id'}
      onClick={() => {
        void navigator.clipboard?.writeText(id).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1200);
        });
      }}
    >
      {copied ? (
        <IconCheck width={13} height={13} />
      ) : (
        <svg
          width="13"
          height="13"
          viewBox="0 0 16 16"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          aria-hidden="true"
        >
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5" />
        </svg>
      )}
    </button>
  );
}

function StatusBadges({ detail }: { detail: RevisionDetail }) {
  const heads = useStudio((s) => s.graph?.heads);
  const activeId = useStudio((s) => s.activeConnectionId);
  const status = useStudio((s) => (s.activeConnectionId ? s.statuses[s.activeConnectionId] : undefined));
  const connection = useStudio((s) => s.connections.find((c) => c.id === activeId));
  const isHead = heads?.includes(detail.id) ?? false;
  let state: { tone: Tone; text: string; title: string } | null = null;
  if (status && status !== 'loading' && status.reachable && connection) {
    const applied = status.applied.includes(detail.id);
    const current = status.rows.includes(detail.id);
    state = current
      ? { tone: 'accent', text: 'current', title: `${connection.name} is at this revision` }
      : applied
        ? { tone: 'success', text: 'applied', title: `Applied on ${connection.name}` }
        : { tone: 'neutral', text: 'pending', title: `Not applied on ${connection.name}` };
  }
  return (
    <span className="insp-badges">
      {state && (
        <Badge tone={state.tone} solid={state.text === 'current'} title={state.title} data-testid="inspector-state">
          {state.text}
        </Badge>
      )}
      {isHead && <Badge tone="warning">head</Badge>}
      {detail.parents.length > 1 && <Badge>merge</Badge>}
      {detail.parents.length === 0 && <Badge>base</Badge>}
      {!detail.transactional && (
        <Badge tone="warning" title="Runs outside a transaction: a failure is not rolled back">
          no transaction
        </Badge>
      )}
    </span>
  );
}

export function RevisionOverview({ detail }: { detail: RevisionDetail }) {
  const projectDir = useStudio((s) => s.project?.dir);
  const file = projectRelative(detail.file, projectDir);
  const labels = [...new Set([...detail.declaredLabels, ...detail.labels])];
  return (
    <header className="insp-head">
      <div className="insp-kicker">
        <span>Revision</span>
        <StatusBadges detail={detail} />
      </div>
      <h2 className="insp-title" title={detail.message}>
        {detail.message || <span className="insp-muted">(no message)</span>}
      </h2>
      <div className="insp-id-row">
        <code className="insp-id" data-testid="inspector-id">
          {detail.id}
        </code>
        <CopyId id={detail.id} />
      </div>
      <dl className="insp-meta">
        <dt>Parents</dt>
        <dd>
          <RevisionLinks ids={detail.parents} empty="none (base)" />
        </dd>
        <dt>Children</dt>
        <dd>
          <RevisionLinks ids={detail.children} empty="none (head)" />
        </dd>
        <dt>Depends on</dt>
        <dd>
          <RevisionLinks ids={detail.dependsOn} empty="—" />
        </dd>
        <dt>Labels</dt>
        <dd>
          {labels.length === 0 ? (
            <span className="insp-muted">—</span>
          ) : (
            labels.map((l) => (
              <Badge
                key={l}
                tone="accent"
                className="insp-label"
                title={detail.declaredLabels.includes(l) ? 'declared in this file' : 'inherited from the branch'}
              >
                {l}
              </Badge>
            ))
          )}
        </dd>
        <dt>Created</dt>
        <dd title={detail.created ?? undefined}>{formatDate(detail.created)}</dd>
        <dt>Transaction</dt>
        <dd>
          {detail.transactional ? (
            'yes, with its version-table update'
          ) : (
            <span className="insp-warn-text">no: runs outside a transaction</span>
          )}
        </dd>
        <dt>File</dt>
        <dd className="insp-mono insp-ellipsis" title={detail.file}>
          {file}
        </dd>
        <dt>Checksum</dt>
        <dd className="insp-mono insp-ellipsis" title={`sha256 ${detail.checksum}`}>
          {detail.checksum.slice(0, 16)}…
        </dd>
      </dl>
    </header>
  );
}

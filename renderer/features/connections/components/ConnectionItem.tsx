// One connection: kind, name, a status dot, applied/pending counts, and its actions. A
// protected connection is red wherever it appears, so production is never mistaken for a
// scratch database.
import type { CSSProperties } from 'react';
import type { ConnectionInfo, DatabaseStatus } from '../../../../shared/api/connections.ts';
import { useStudio, useStudioStore } from '../../../store/context.tsx';
import { reachability } from '../../../store/connections-slice.ts';
import {
  Badge,
  Button,
  IconCheck,
  IconClose,
  IconEdit,
  IconLock,
  IconPlug,
  IconTrash,
  IconUnlock,
  Spinner,
  StatusDot,
  Tooltip,
} from '../../../ui/index.ts';
import { askRemove, askUnlock, clearTest, openEditConnection, testConnection } from '../commands.ts';
import { describeTarget } from '../form.ts';
import { useConnectionsView, useConnectionsViewStore } from '../store.ts';
import { KindIcon } from './KindIcon.tsx';

export function ConnectionItem({ connection: c }: { readonly connection: ConnectionInfo }) {
  const studio = useStudioStore();
  const view = useConnectionsViewStore();
  const active = useStudio((s) => s.activeConnectionId === c.id);
  const status = useStudio((s) => s.statuses[c.id]);
  const revisionCount = useStudio((s) => s.project?.revisionCount ?? null);
  const test = useConnectionsView((s) => s.tests[c.id]);
  const unlocked = c.unlocked === true;
  const kind = reachability(status);
  const error =
    status !== undefined && status !== 'loading' && !status.reachable ? (status.error ?? 'unreachable') : null;

  const main = (
    <button
      type="button"
      className="conn-item__main"
      aria-current={active ? 'true' : undefined}
      onClick={() => void studio.getState().setActiveConnection(c.id)}
    >
      <KindIcon kind={c.settings.kind} />
      <span className="conn-item__text">
        <span className="conn-item__title">
          <span className="conn-item__name">{c.name}</span>
          {c.protected ? (
            <Badge tone="danger" solid data-testid="connection-protected">
              PROD
            </Badge>
          ) : null}
        </span>
        <span className="conn-item__meta">
          <StatusDot state={kind === 'reachable' ? 'ok' : kind === 'unreachable' ? 'error' : 'loading'} label={kind} />
          <StatusLine status={status} revisionCount={revisionCount} />
          {c.protected && unlocked ? (
            <Badge
              tone="warning"
              icon={<IconUnlock />}
              data-testid="conn-unlocked"
              title="Downgrade is unlocked on this protected connection until Strata is closed"
            >
              downgrade unlocked
            </Badge>
          ) : null}
        </span>
      </span>
    </button>
  );

  return (
    <li
      className={[
        'conn-item',
        active ? 'is-active' : '',
        c.protected ? 'is-protected' : '',
        kind === 'unreachable' ? 'is-unreachable' : '',
      ]
        .filter(Boolean)
        .join(' ')}
      data-testid="connection-item"
      data-connection-id={c.id}
      data-status={kind}
      data-active={active}
      data-protected={c.protected}
      style={{ '--conn-actions': `${actionsWidth(c, unlocked)}px` } as CSSProperties}
    >
      <Tooltip
        placement="right"
        delay={200}
        content={
          <span className="conn-tip">
            <span className="conn-tip__target">{describeTarget(c)}</span>
            {error ? <span className="conn-tip__error">{error}</span> : null}
            {c.builtIn ? (
              <span className="conn-tip__note">Defined by strata.json: cannot be edited or removed.</span>
            ) : null}
          </span>
        }
      >
        {main}
      </Tooltip>
      <div className="conn-item__actions">
        {c.protected && !unlocked ? (
          <Tooltip content="Unlock downgrade for this session">
            <Button
              variant="ghost"
              size="sm"
              icon={<IconLock />}
              aria-label={`Unlock downgrade on ${c.name} for this session`}
              data-testid="conn-unlock"
              onClick={() => askUnlock(view, c.id)}
            />
          </Tooltip>
        ) : null}
        <Tooltip content="Test the connection">
          <Button
            variant="ghost"
            size="sm"
            icon={<IconPlug />}
            aria-label={`Test ${c.name}`}
            busy={test?.phase === 'testing'}
            data-testid="conn-item-test"
            onClick={() => void testConnection(view, studio, c.id)}
          />
        </Tooltip>
        {c.builtIn ? null : (
          <>
            <Tooltip content="Edit">
              <Button
                variant="ghost"
                size="sm"
                icon={<IconEdit />}
                aria-label={`Edit ${c.name}`}
                data-testid="conn-edit"
                onClick={() => openEditConnection(view, studio, c.id)}
              />
            </Tooltip>
            <Tooltip content="Remove">
              <Button
                variant="ghost"
                size="sm"
                icon={<IconTrash />}
                aria-label={`Remove ${c.name}`}
                className="conn-item__remove"
                data-testid="conn-remove"
                onClick={() => askRemove(view, studio, c.id)}
              />
            </Tooltip>
          </>
        )}
      </div>
      {test?.phase === 'done' ? (
        <div
          className={test.ok ? 'conn-item__test is-ok' : 'conn-item__test is-failed'}
          role="status"
          data-testid="connection-test-result"
          data-ok={test.ok}
        >
          {test.ok ? <IconCheck /> : <IconClose />}
          <span className="conn-item__test-text">{test.message}</span>
          <button
            type="button"
            className="conn-item__test-dismiss"
            aria-label="Dismiss the test result"
            onClick={() => clearTest(view, c.id)}
          >
            <IconClose />
          </button>
        </div>
      ) : test?.phase === 'testing' ? (
        <div className="conn-item__test" role="status">
          <Spinner /> Testing…
        </div>
      ) : null}
    </li>
  );
}

/** The width the hover actions take, so the title row can make room for exactly that. */
function actionsWidth(c: ConnectionInfo, unlocked: boolean): number {
  const buttons = 1 + (c.builtIn ? 0 : 2) + (c.protected && !unlocked ? 1 : 0);
  return buttons * 23 + 2;
}

function StatusLine({
  status,
  revisionCount,
}: {
  readonly status: DatabaseStatus | 'loading' | undefined;
  readonly revisionCount: number | null;
}) {
  if (status === undefined || status === 'loading')
    return <span className="conn-item__status conn-muted">checking…</span>;
  if (!status.reachable) return <span className="conn-item__status is-error">unreachable</span>;
  const applied = status.applied.length;
  const pending = revisionCount === null ? null : Math.max(0, revisionCount - applied);
  return (
    <span
      className="conn-item__status"
      data-testid="connection-counts"
      data-applied={applied}
      data-pending={pending ?? undefined}
      data-exists={status.exists ?? undefined}
    >
      {status.exists === false ? (
        <span className="conn-count is-applied" title="The database file does not exist yet: the first run creates it">
          no database yet
        </span>
      ) : (
        <span className="conn-count is-applied">{applied} applied</span>
      )}
      {pending !== null ? (
        <>
          <span className="conn-sep">·</span>
          <span className={pending > 0 ? 'conn-count is-pending' : 'conn-count is-done'}>
            {pending > 0 ? `${pending} pending` : 'up to date'}
          </span>
        </>
      ) : null}
      {status.unknownRows.length > 0 ? (
        <span
          className="conn-count is-unknown"
          title={`The version table names revisions this project does not have: ${status.unknownRows.join(', ')}`}
        >
          · {status.unknownRows.length} unknown
        </span>
      ) : null}
    </span>
  );
}

// "Remove this connection?" — the database itself is untouched; only the entry and its
// stored password go.
import { useStudio, useStudioStore } from '../../../store/context.tsx';
import { Badge, ConfirmDialog } from '../../../ui/index.ts';
import { cancelRemove, confirmRemove } from '../commands.ts';
import { describeTarget } from '../form.ts';
import { useConnectionsView, useConnectionsViewStore } from '../store.ts';

export function RemoveConnectionDialog() {
  const view = useConnectionsViewStore();
  const studio = useStudioStore();
  const id = useConnectionsView((s) => s.removingId);
  const busy = useConnectionsView((s) => s.removeBusy);
  const error = useConnectionsView((s) => s.removeError);
  const connection = useStudio((s) => s.connections.find((c) => c.id === id));
  return (
    <ConfirmDialog
      open={connection !== undefined}
      title={
        <>
          Remove “{connection?.name}”?
          {connection?.protected ? (
            <Badge tone="danger" solid>
              PROD
            </Badge>
          ) : null}
        </>
      }
      confirmLabel="Remove"
      tone="danger"
      busy={busy}
      error={error}
      onConfirm={() => void confirmRemove(view, studio)}
      onCancel={() => cancelRemove(view)}
    >
      {connection ? (
        <>
          <p>
            The connection to <code className="conn-code">{describeTarget(connection)}</code> is removed from Strata
            {connection.hasPassword ? ', with its stored password' : ''}.
          </p>
          <p className="conn-muted">The database itself is not touched.</p>
        </>
      ) : null}
    </ConfirmDialog>
  );
}

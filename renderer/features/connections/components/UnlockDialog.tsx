// Unlocking downgrade on a protected connection: the database name typed, as GitHub asks for
// a repository's name before deleting it. The service checks the name too and keeps the
// unlock for this session only.
import { useState, type FormEvent } from 'react';
import { useStudio, useStudioStore } from '../../../store/context.tsx';
import { Badge, Button, Dialog, IconUnlock, TextField } from '../../../ui/index.ts';
import { cancelUnlock, unlockConnection } from '../commands.ts';
import { databaseNameOf } from '../form.ts';
import { useConnectionsView, useConnectionsViewStore } from '../store.ts';

export function UnlockDialog() {
  const id = useConnectionsView((s) => s.unlockingId);
  return id ? <UnlockForm key={id} id={id} /> : null;
}

function UnlockForm({ id }: { readonly id: string }) {
  const view = useConnectionsViewStore();
  const studio = useStudioStore();
  const connection = useStudio((s) => s.connections.find((c) => c.id === id));
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!connection) return null;
  const expected = databaseNameOf(connection);
  const matches = typed === expected;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await unlockConnection(view, studio, id, typed);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={() => cancelUnlock(view)}
      tone="danger"
      size="sm"
      data-testid="unlock-dialog"
      title={
        <>
          Unlock downgrade{' '}
          <Badge tone="danger" solid>
            PROD
          </Badge>
        </>
      }
      description={
        <>
          Downgrades on <strong>{connection.name}</strong> are refused. Unlocking allows them until Strata is closed;
          every change still asks for the database name.
        </>
      }
      footer={
        <>
          <Button variant="ghost" onClick={() => cancelUnlock(view)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            type="submit"
            form={`unlock-${id}`}
            icon={<IconUnlock />}
            disabled={!matches}
            busy={busy}
            data-testid="unlock-confirm"
          >
            Unlock downgrade
          </Button>
        </>
      }
    >
      <form id={`unlock-${id}`} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label={
            <>
              Type <code className="conn-code">{expected}</code> to confirm
            </>
          }
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setError(null);
          }}
          error={error}
          autoComplete="off"
          spellCheck={false}
          data-testid="unlock-database-name"
          data-autofocus
        />
      </form>
    </Dialog>
  );
}

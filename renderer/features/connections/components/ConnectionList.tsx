// The connections, each with its status. Up/Down move between them, Enter or a click makes
// one active (the graph's applied markers and every run follow the active connection).
import type { KeyboardEvent } from 'react';
import { useStudio, useStudioStore } from '../../../store/context.tsx';
import { Button, IconPlus, IconRefresh, Tooltip } from '../../../ui/index.ts';
import { openNewConnection } from '../commands.ts';
import { useConnectionsViewStore } from '../store.ts';
import { ConnectionItem } from './ConnectionItem.tsx';

export function ConnectionList() {
  const studio = useStudioStore();
  const view = useConnectionsViewStore();
  const connections = useStudio((s) => s.connections);
  const error = useStudio((s) => s.connectionsError);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    const mains = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.conn-item__main')];
    const at = mains.findIndex(
      (b) => b === document.activeElement || b.parentElement?.contains(document.activeElement),
    );
    if (at === -1) return;
    event.preventDefault();
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? mains.length - 1
          : Math.max(0, Math.min(mains.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)));
    mains[next]?.focus();
  };

  return (
    <section className="conn-section conn-connections" aria-labelledby="conn-connections-title">
      <div className="conn-section__head">
        <h2 className="conn-section__title" id="conn-connections-title">
          Connections
        </h2>
        <Tooltip content="Check every connection again">
          <Button
            variant="ghost"
            size="sm"
            icon={<IconRefresh />}
            aria-label="Refresh every status"
            data-testid="refresh-statuses"
            onClick={() => connections.forEach((c) => void studio.getState().refreshStatus(c.id))}
          />
        </Tooltip>
        <Tooltip content="Add a connection">
          <Button
            variant="ghost"
            size="sm"
            icon={<IconPlus />}
            aria-label="Add a connection"
            data-testid="add-connection"
            onClick={() => openNewConnection(view, studio)}
          />
        </Tooltip>
      </div>
      {error ? (
        <p className="conn-error" role="alert">
          {error}
        </p>
      ) : null}
      {connections.length === 0 && !error ? (
        <div className="conn-empty">
          <p>No connection yet.</p>
          <Button size="sm" icon={<IconPlus />} onClick={() => openNewConnection(view, studio)}>
            Add a connection
          </Button>
        </div>
      ) : (
        <ul className="conn-list" onKeyDown={onKeyDown}>
          {connections.map((c) => (
            <ConnectionItem key={c.id} connection={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

// The only ways the left bar's state changes. Each takes the sidebar's store and the
// studio's, so the studio's actions (save, remove, test, unlock) stay the single door to
// the service.
import type { Input } from '../../../shared/api/contract.ts';
import type { StudioStore } from '../../store/studio-store.ts';
import type { ConnectionsViewStore, TestState } from './store.ts';

export function openNewConnection(view: ConnectionsViewStore, studio: StudioStore): void {
  view.setState({ editingId: null });
  studio.getState().setConnectionsOpen(true);
}

export function openEditConnection(view: ConnectionsViewStore, studio: StudioStore, id: string): void {
  const c = studio.getState().connections.find((x) => x.id === id);
  if (!c || c.builtIn) return;
  view.setState({ editingId: id });
  studio.getState().setConnectionsOpen(true);
}

export function closeConnectionDialog(view: ConnectionsViewStore, studio: StudioStore): void {
  studio.getState().setConnectionsOpen(false);
  view.setState({ editingId: null });
}

/** The dialog closed some other way (Escape, the palette): the next opening starts new. */
export function forgetEditing(view: ConnectionsViewStore): void {
  if (view.getState().editingId !== null) view.setState({ editingId: null });
}

/** After the dialog saved a new connection (its Test does), it goes on editing that one. */
export function editingSaved(view: ConnectionsViewStore, id: string): void {
  view.setState({ editingId: id });
}

function setTest(view: ConnectionsViewStore, id: string, test: TestState): void {
  view.setState({ tests: { ...view.getState().tests, [id]: test } });
}

export async function testConnection(
  view: ConnectionsViewStore,
  studio: StudioStore,
  id: string,
): Promise<{ ok: boolean; message: string }> {
  setTest(view, id, { phase: 'testing' });
  const result = await studio.getState().testConnection(id);
  setTest(view, id, { phase: 'done', ok: result.ok, message: result.message, at: Date.now() });
  // A test that reaches (or fails to reach) the database says more than an old status.
  void studio.getState().refreshStatus(id);
  return result;
}

/** The dialog's Test: the settings as typed, nothing saved. */
export function testSettings(
  studio: StudioStore,
  input: Input<'connections.testSettings'>,
): Promise<{ ok: boolean; message: string }> {
  return studio.getState().testSettings(input);
}

export function clearTest(view: ConnectionsViewStore, id: string): void {
  const { [id]: _dropped, ...rest } = view.getState().tests;
  view.setState({ tests: rest });
}

export function askRemove(view: ConnectionsViewStore, studio: StudioStore, id: string): void {
  const c = studio.getState().connections.find((x) => x.id === id);
  if (!c || c.builtIn) return;
  view.setState({ removingId: id, removeError: null, removeBusy: false });
}

export function cancelRemove(view: ConnectionsViewStore): void {
  view.setState({ removingId: null, removeError: null, removeBusy: false });
}

export async function confirmRemove(view: ConnectionsViewStore, studio: StudioStore): Promise<void> {
  const id = view.getState().removingId;
  if (!id || view.getState().removeBusy) return;
  view.setState({ removeBusy: true, removeError: null });
  try {
    await studio.getState().removeConnection(id);
    const { [id]: _dropped, ...tests } = view.getState().tests;
    view.setState({
      removingId: null,
      removeBusy: false,
      tests,
    });
    // The dialog may be editing what was just removed.
    if (view.getState().editingId === id) closeConnectionDialog(view, studio);
  } catch (error) {
    view.setState({ removeBusy: false, removeError: error instanceof Error ? error.message : String(error) });
  }
}

export function askUnlock(view: ConnectionsViewStore, id: string): void {
  view.setState({ unlockingId: id });
}

export function cancelUnlock(view: ConnectionsViewStore): void {
  view.setState({ unlockingId: null });
}

/** Throws the service's message when the typed name does not match. */
export async function unlockConnection(
  view: ConnectionsViewStore,
  studio: StudioStore,
  id: string,
  databaseName: string,
): Promise<void> {
  await studio.getState().unlockConnection(id, databaseName);
  view.setState({ unlockingId: null });
}

export function dismissStoreNotice(view: ConnectionsViewStore): void {
  view.setState({ storeNoticeDismissed: true });
}

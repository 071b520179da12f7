// The saved connections could not be read at start: the studio opened with none, and this
// says why and where the old file was kept, so the user can restore what they had. It stays
// until dismissed (for this session: the file stays kept aside either way).
import { useStudio } from '../../../store/context.tsx';
import { IconAlert, IconClose } from '../../../ui/index.ts';
import { dismissStoreNotice } from '../commands.ts';
import { useConnectionsView, useConnectionsViewStore } from '../store.ts';

export function StoreNotice() {
  const view = useConnectionsViewStore();
  const notice = useStudio((s) => s.project?.connectionsNotice ?? null);
  const dismissed = useConnectionsView((s) => s.storeNoticeDismissed);
  if (!notice || dismissed) return null;
  return (
    <div className="conn-store-notice" role="alert" data-testid="connections-store-notice">
      <IconAlert />
      <div className="conn-store-notice__text">
        <strong>Saved connections could not be read</strong>: {notice.reason}. The studio started with none.{' '}
        {notice.keptAs ? (
          <>
            The damaged file was kept as <code className="conn-store-notice__path">{notice.keptAs}</code>.
          </>
        ) : (
          <>
            It is still at <code className="conn-store-notice__path">{notice.file}</code>.
          </>
        )}
      </div>
      <button
        type="button"
        className="conn-item__test-dismiss"
        aria-label="Dismiss the notice about saved connections"
        onClick={() => dismissStoreNotice(view)}
      >
        <IconClose />
      </button>
    </div>
  );
}

// The operations, by the object they belong to: an object can be left out (the diff is asked
// again without it), and each destructive operation is shown in red and confirmed on its own.
import type { AutogenOperationInfo } from '../../../../shared/api/autogen.ts';
import { useStudioStore } from '../../../store/context.tsx';
import { confirmDestructive, toggleObject } from '../commands.ts';
import { useReview, useReviewStore } from '../store.ts';

const NONE: readonly AutogenOperationInfo[] = [];

function OperationRow({ op }: { readonly op: AutogenOperationInfo }) {
  const store = useReviewStore();
  const confirmed = useReview((s) => s.confirmed.includes(op.object));
  return (
    <li
      className={`review-op${op.destructive ? ' is-destructive' : ''}`}
      data-testid="review-operation"
      data-destructive={op.destructive}
      title={op.sql}
    >
      <span className="review-op-kind">{op.kind}</span>
      <span className="review-op-object">{op.object}</span>
      {op.destructive && (
        <label className="review-op-confirm">
          <input
            type="checkbox"
            checked={confirmed}
            data-testid="confirm-destructive"
            onChange={(e) => confirmDestructive(store, op.object, e.target.checked)}
          />
          I accept that this loses data
        </label>
      )}
    </li>
  );
}

export function OperationList() {
  const store = useReviewStore();
  const studio = useStudioStore();
  const objects = useReview((s) => s.objects);
  const excluded = useReview((s) => s.excluded);
  const operations = useReview((s) => s.diff?.operations ?? NONE);
  const busy = useReview((s) => s.phase !== 'ready');
  const unowned = operations.filter((o) => o.owners.length === 0);
  if (objects.length === 0 && operations.length === 0) return null;
  return (
    <section className="review-section" aria-label="Operations">
      <h3>
        Operations <span className="review-count">{operations.length}</span>
      </h3>
      <ul className="review-list">
        {objects.map((object) => {
          const included = !excluded.includes(object);
          const ops = operations.filter((o) => o.owners[0] === object);
          return (
            <li key={object} className={`review-object${included ? '' : ' is-excluded'}`} data-testid="review-object">
              <label className="review-object-name">
                <input
                  type="checkbox"
                  checked={included}
                  disabled={busy}
                  aria-label={`Include ${object}`}
                  onChange={() => void toggleObject(store, studio, object)}
                />
                <code>{object}</code>
                {!included && <span className="review-muted">left out</span>}
              </label>
              {ops.length > 0 && (
                <ul className="review-ops">
                  {ops.map((op) => (
                    <OperationRow key={`${op.kind}:${op.object}`} op={op} />
                  ))}
                </ul>
              )}
            </li>
          );
        })}
        {unowned.length > 0 && (
          <li className="review-object">
            <ul className="review-ops">
              {unowned.map((op) => (
                <OperationRow key={`${op.kind}:${op.object}`} op={op} />
              ))}
            </ul>
          </li>
        )}
      </ul>
    </section>
  );
}

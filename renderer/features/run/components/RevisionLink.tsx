// A revision id that shows the revision in the inspector when clicked. Not a tab stop: a
// plan can list hundreds, and the console's actions must stay a few Tabs away.
import { useStudio } from '../../../store/context.tsx';

export function RevisionLink({ id }: { id: string }) {
  const select = useStudio((s) => s.select);
  return (
    <span className="run-id run-id-link" title="Show in the inspector" onClick={() => void select(id)}>
      {id}
    </span>
  );
}

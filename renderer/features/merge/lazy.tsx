// The merge screen is a chunk of its own, loaded when it first opens: the first screen only
// needs to know whether it is open.
import { useStudio } from '../../store/context.tsx';
import { lazyComponent } from '../../ui/index.ts';

const openMergeScreen = lazyComponent<{ readonly heads: readonly string[] }>(() =>
  import('./MergeScreen.tsx').then((m) => m.OpenMergeScreen),
);

export const prefetchMergeScreen = openMergeScreen.prefetch;

export function MergeScreen() {
  const heads = useStudio((s) => s.mergeHeads);
  return heads === null ? null : <openMergeScreen.Component heads={heads} />;
}

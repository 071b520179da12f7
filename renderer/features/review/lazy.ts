// The review screen is a chunk of its own: the first screen never shows it (App renders it
// only while it is open), so the studio's first paint evaluates none of it.
import { lazyComponent } from '../../ui/index.ts';

export const reviewScreen = lazyComponent<{ readonly onClose: () => void }>(() =>
  import('./ReviewScreen.tsx').then((m) => m.ReviewScreen),
);

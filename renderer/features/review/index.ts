// The review screen for autogenerate (palette "Autogenerate revision", the graph's toolbar),
// loaded when first opened (lazy.tsx).
import { reviewScreen } from './lazy.ts';

export const ReviewScreen = reviewScreen.Component;
export const prefetchReviewScreen = reviewScreen.prefetch;

// The merge screen: opened over the graph by the studio's openMerge (heads banner, palette,
// two heads picked on the graph); its code loads when it first opens (lazy.tsx).
export { MergeScreen, prefetchMergeScreen } from './lazy.tsx';

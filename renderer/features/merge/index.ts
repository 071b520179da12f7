// The merge screen: opened over the graph by the studio's openMerge (heads banner, palette,
// two heads picked on the graph).
export { MergeScreen } from './MergeScreen.tsx';

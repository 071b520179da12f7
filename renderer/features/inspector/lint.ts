// The lint feature's markers, as the inspector's components import them.
export { findingMarkers, findingQuickFixes, listFindings, type ListedFinding } from '../lint/index.ts';

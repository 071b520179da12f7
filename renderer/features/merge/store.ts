// The merge screen's state: the analysis of the heads it was opened on, the merge revision
// being written (message, reconciling SQL, whether its conflicts were accepted), and a
// linearization being previewed. One store per screen, made where it mounts; commands.ts
// changes it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LinearizeOutput, MergeAnalyzeOutput } from '../../../shared/api/merge.ts';
import { featureStoreAccess } from '../../store/feature-store.ts';

export type AnalysisView =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly result: MergeAnalyzeOutput }
  | { readonly state: 'error'; readonly message: string };

/** A linearization: its header diff is shown, and nothing is written until it is confirmed. */
export interface LinearizeView {
  readonly branchHead: string;
  readonly onto: string;
  readonly state: 'loading' | 'ready' | 'writing' | 'error';
  readonly preview: LinearizeOutput | null;
  readonly error: string | null;
}

export interface MergeDraft {
  readonly message: string;
  readonly upgradeSql: string;
  readonly downgradeSql: string;
  /** The user read the conflicts and merges anyway (the CLI's --allow-conflicts). */
  readonly acceptConflicts: boolean;
}

export interface MergeState {
  readonly analysis: AnalysisView;
  readonly draft: MergeDraft;
  readonly creating: boolean;
  readonly createError: string | null;
  readonly linearize: LinearizeView | null;
  /** Bumped by every analysis: an older answer never overwrites a newer one. */
  readonly generation: number;
}

export type MergeStore = StoreApi<MergeState>;

export const EMPTY_DRAFT: MergeDraft = { message: '', upgradeSql: '', downgradeSql: '', acceptConflicts: false };

export function createMergeStore(): MergeStore {
  return createStore<MergeState>()(() => ({
    analysis: { state: 'loading' },
    draft: EMPTY_DRAFT,
    creating: false,
    createError: null,
    linearize: null,
    generation: 0,
  }));
}

const access = featureStoreAccess<MergeState>('merge');
export const MergeStoreContext = access.Context;
export const useMergeStore = access.useStoreApi;
export const useMerge = access.useSelect;

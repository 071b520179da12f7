// The review screen's state: one autogenerate as the user reviews it. The diff the engine
// returned, what the user decided about it (objects left out, renames, destructive operations
// confirmed one by one) and the SQL as the user may have edited it. Created when the screen
// opens and dropped when it closes; commands.ts is the only way it changes.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AutogenDiff, RenameCandidateInfo } from '../../../shared/api/autogen.ts';
import { featureStoreAccess } from '../../store/feature-store.ts';

/** What the target schema is compared with. */
export type ReviewSource = { readonly kind: 'heads' } | { readonly kind: 'connection'; readonly connectionId: string };

export type RenameAnswer = 'rename' | 'drop';

export interface ReviewState {
  readonly source: ReviewSource;
  readonly phase: 'diffing' | 'ready' | 'error' | 'saving';
  /** When the running diff started (Date.now()), for the elapsed time shown. */
  readonly startedAt: number;
  readonly diff: AutogenDiff | null;
  readonly error: string | null;
  /** Every object the unfiltered diff touched (include names), in the order first seen. */
  readonly objects: readonly string[];
  readonly excluded: readonly string[];
  /** Every rename candidate seen, by candidateKey; a decided rename is no longer one in the diff. */
  readonly candidates: readonly RenameCandidateInfo[];
  readonly answers: Readonly<Record<string, RenameAnswer>>;
  /** Destructive operations the user confirmed, by their object. */
  readonly confirmed: readonly string[];
  readonly upgradeSql: string;
  readonly downgradeSql: string;
  readonly transactional: boolean;
  /** The user changed the generated SQL: what is saved is this text. */
  readonly edited: boolean;
  /** A re-diff replaced the user's edits: said once, next to the editors. */
  readonly editsReplaced: boolean;
  readonly message: string;
  /** Bumped by each diff asked: an older answer never overwrites a newer one. */
  readonly generation: number;
}

export type ReviewStore = StoreApi<ReviewState>;

export function createReviewStore(source: ReviewSource): ReviewStore {
  return createStore<ReviewState>()(() => ({
    source,
    phase: 'diffing',
    startedAt: Date.now(),
    diff: null,
    error: null,
    objects: [],
    excluded: [],
    candidates: [],
    answers: {},
    confirmed: [],
    upgradeSql: '',
    downgradeSql: '',
    transactional: true,
    edited: false,
    editsReplaced: false,
    message: '',
    generation: 0,
  }));
}

const access = featureStoreAccess<ReviewState>('review');
export const ReviewStoreContext = access.Context;
export const useReviewStore = access.useStoreApi;
export const useReview = access.useSelect;

// One direction of a migration as a dialect renders it.
export interface Script {
  readonly statements: string[];
  /** Why the revision must run outside a transaction; empty when it need not. */
  readonly outsideTransaction: string[];
  /** What a reviewer should know about how it was rendered. */
  readonly notes: string[];
}

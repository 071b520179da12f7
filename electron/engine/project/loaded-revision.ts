// A revision as a project load makes it. A class rather than an object literal: 10,000 of
// them are made per load, and a literal with a lazy getter costs a closure and its context per
// revision (and the garbage collector copies every one of them).
import type { Revision, RevisionId } from '../../../shared/model/revision.ts';
import { revisionChecksum } from './revision-file.ts';

export class LoadedRevision implements Revision {
  #checksum: string | undefined;

  constructor(
    readonly id: RevisionId,
    readonly parents: readonly RevisionId[],
    readonly dependsOn: readonly RevisionId[],
    readonly branchLabels: readonly string[],
    readonly message: string,
    readonly created: string | undefined,
    readonly transactional: boolean,
    readonly upgradeSql: string,
    readonly downgradeSql: string | undefined,
    readonly upgradeLine: number,
    readonly downgradeLine: number | undefined,
    readonly file: string,
    readonly lines: Revision['lines'],
  ) {}

  /**
   * Hashed when first asked for (a run, check, the inspector): drawing or planning 10,000 revisions need not hash every
   * file.
   */
  get checksum(): string {
    return (this.#checksum ??= revisionChecksum(this));
  }
}

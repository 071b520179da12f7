// Stamp: set the version table to a target without running any SQL, under the run lock.
import type { RunLockOptions } from '../dialects/dialect.ts';
import type { Project } from '../project/project.ts';
import { defaultIdentity } from '../runner/identity.ts';
import { stamp, type StampResult } from '../runner/stamp.ts';
import { withConnection, type Database } from './database.ts';
import { requireNative, tablesOf } from './project.ts';

export type { StampResult } from '../runner/stamp.ts';

export function stampDatabase(
  db: Database,
  project: Project,
  target: string,
  purge: boolean,
  lock: RunLockOptions = {},
): Promise<StampResult> {
  requireNative(project, 'stamp');
  return withConnection(db, (conn) =>
    stamp(conn, project.map, tablesOf(project), target, purge, defaultIdentity(), lock),
  );
}

// A merge revision in an Alembic project, in Alembic's own shape so that the team's alembic
// keeps reading it: where the project has its script.py.mako, the user's alembic writes the
// file itself (`alembic merge`), from that template — no renderer of ours could promise the
// same text for every Mako template; where it has none (alembic merge would fail there),
// the module Alembic's default `generic` template renders, written here byte for byte.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { writeFileAtomic } from '../project/atomic-write.ts';
import { ProjectWriteError } from '../project/errors.ts';
import type { AlembicProject } from '../project/project.ts';
import { runAlembic, type AlembicRunOptions } from './command.ts';
import { alembicRevisionFileName } from './file-name.ts';

export const TEMPLATE_FILE = 'script.py.mako';

export interface AlembicMergeSpec {
  readonly id: RevisionId;
  readonly parents: readonly RevisionId[];
  readonly branchLabels: readonly string[];
  readonly message: string;
}

/** Where the module went, and whether alembic wrote it from the project's template. */
export interface WrittenMergeModule {
  readonly path: string | undefined;
  readonly by: 'alembic' | 'default-template';
}

/** Python's repr of a string tuple (one item keeps its comma) or of None. */
function reprTuple(values: readonly string[]): string {
  if (values.length === 0) return 'None';
  const items = values.map((v) => `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** `str(datetime.now())`: local time, microseconds. */
function pythonNow(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ` +
    `${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`
  );
}

/** What Alembic's generic script.py.mako renders for a merge (no imports, empty upgrade and downgrade). */
export function renderDefaultMergeModule(spec: AlembicMergeSpec, now = new Date()): string {
  return [
    `"""${spec.message}`,
    '',
    `Revision ID: ${spec.id}`,
    `Revises: ${spec.parents.join(', ')}`,
    `Create Date: ${pythonNow(now)}`,
    '',
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    '',
    '# revision identifiers, used by Alembic.',
    `revision = '${spec.id}'`,
    `down_revision = ${reprTuple(spec.parents)}`,
    `branch_labels = ${reprTuple(spec.branchLabels)}`,
    'depends_on = None',
    '',
    '',
    'def upgrade() -> None:',
    '    pass',
    '',
    '',
    'def downgrade() -> None:',
    '    pass',
    '',
  ].join('\n');
}

/**
 * Writes the merge module. With a script.py.mako, `alembic merge --rev-id ID` writes it (the
 * caller reads the project again to find where); without one, the default template's text
 * goes into the first version location under the name alembic gives it (file_template).
 */
export async function writeAlembicMerge(
  alembic: AlembicProject,
  spec: AlembicMergeSpec,
  options: AlembicRunOptions = {},
): Promise<WrittenMergeModule> {
  if (existsSync(join(alembic.config.scriptLocation, TEMPLATE_FILE))) {
    const labels = spec.branchLabels.flatMap((l) => ['--branch-label', l]);
    await runAlembic(alembic, ['merge', '-m', spec.message, '--rev-id', spec.id, ...labels, ...spec.parents], options);
    return { path: undefined, by: 'alembic' };
  }
  // One clock reading for the name and the module's Create Date, as alembic takes one.
  const now = new Date();
  const path = join(
    alembic.config.versionLocations[0] as string,
    alembicRevisionFileName(alembic.config.fileNames, spec.id, spec.message, now),
  );
  try {
    // A file_template with a '/' (date folders) names a folder alembic would create.
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, renderDefaultMergeModule(spec, now), { exclusive: true });
  } catch (error) {
    throw new ProjectWriteError(path, error instanceof Error ? error.message : String(error));
  }
  return { path, by: 'default-template' };
}

// Roundtrip: pytest-alembic's up/down consistency check, built in. On a shadow database, each
// revision is applied, the schema read, the revision taken back down and the schema read
// again: it must equal the schema before the revision. Then the revision is applied again
// and the next one is checked. The first revision whose downgrade does not restore the
// schema (or that fails to run) stops the check, with the two schemas side by side.
import type { Direction, PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import type { Schema } from '../../../shared/model/schema.ts';
import type { Connection } from '../dialects/dialect.ts';
import { runMigration } from '../runner/runner.ts';
import { introspect } from '../schema/introspect.ts';
import { normalizedDump, sameSchema } from '../schema/dump.ts';
import type { Project } from '../project/project.ts';
import { onShadow, shadowOptions } from './autogen.ts';
import { revisionRange } from './plan.ts';
import { tablesOf } from './project.ts';

export interface RoundtripStep {
  readonly revision: RevisionId;
  readonly message: string;
  readonly ok: boolean;
}

export interface RoundtripFailure {
  readonly revision: RevisionId;
  readonly file: string;
  /** What went wrong: a schema that differs after the downgrade, or a statement that failed. */
  readonly message: string;
  /** The normalized dumps before the upgrade and after the downgrade, when both were read. */
  readonly before: string | null;
  readonly after: string | null;
}

export interface RoundtripResult {
  readonly checked: readonly RoundtripStep[];
  readonly failure: RoundtripFailure | null;
}

export interface RoundtripRequest {
  /** `A:B`, `:B`, `A:` (inclusive); absent: every revision. */
  readonly range?: string | undefined;
  readonly shadowUrl?: string | undefined;
}

async function step(conn: Connection, project: Project, revision: RevisionId, direction: Direction): Promise<void> {
  const steps: PlanStep[] = [{ revision, direction }];
  await runMigration(conn, project.map, tablesOf(project), { plan: () => steps });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the check on a shadow database; stops at the first revision that does not round-trip. */
export async function roundtrip(project: Project, request: RoundtripRequest = {}): Promise<RoundtripResult> {
  const { map } = project;
  const selected = request.range === undefined ? new Set(map.order) : await revisionRange(map, request.range, 'RANGE');
  const needed = map.ancestors(selected);
  return onShadow(shadowOptions(project, { shadowUrl: request.shadowUrl }), async (shadow) => {
    const conn = await shadow.connect();
    const checked: RoundtripStep[] = [];
    try {
      let before: Schema | undefined;
      for (const id of map.order) {
        if (!needed.has(id)) continue;
        const rev = map.get(id);
        if (!selected.has(id)) {
          await step(conn, project, id, 'upgrade');
          before = undefined;
          continue;
        }
        const fail = (message: string, after?: Schema): RoundtripResult => ({
          checked,
          failure: {
            revision: id,
            file: rev.file,
            message,
            before: before ? normalizedDump(before) : null,
            after: after ? normalizedDump(after) : null,
          },
        });
        before ??= await introspect(conn);
        try {
          await step(conn, project, id, 'upgrade');
        } catch (error) {
          return fail(`upgrade failed: ${messageOf(error)}`);
        }
        const upgraded = await introspect(conn);
        try {
          await step(conn, project, id, 'downgrade');
        } catch (error) {
          return fail(`downgrade failed: ${messageOf(error)}`);
        }
        const downgraded = await introspect(conn);
        if (!sameSchema(before, downgraded))
          return fail('the downgrade does not restore the schema before the upgrade', downgraded);
        try {
          await step(conn, project, id, 'upgrade');
        } catch (error) {
          return fail(`the upgrade after the downgrade failed: ${messageOf(error)}`);
        }
        checked.push({ revision: id, message: rev.message, ok: true });
        before = upgraded;
      }
      return { checked, failure: null };
    } finally {
      await conn.close();
    }
  });
}

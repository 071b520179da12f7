// A schema as the CREATE statements that build it from nothing: what the review screen diffs
// as text, and what the incremental target build stubs the unchanged objects with.
import type { Schema } from '../../../shared/model/schema.ts';
import { diffSchemas } from './diff.ts';
import { renderDiff } from './render.ts';

/** The schema with nothing in it: what a CREATE of every object is the diff from. */
export function emptySchema(dialect: Schema['dialect']): Schema {
  const none = { tables: [], views: [], enums: [], domains: [], sequences: [], routines: [] };
  return { dialect, schemas: [], extensions: [], ...none };
}

export function schemaDdl(schema: Schema): string {
  const empty = emptySchema(schema.dialect);
  return renderDiff(diffSchemas(empty, schema, { tables: [], columns: [] }), empty, schema).upgradeSql;
}

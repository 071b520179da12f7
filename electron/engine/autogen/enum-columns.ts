// The columns whose type is a given enum (or an array of it): what must follow the enum when
// PostgreSQL swaps it for a new type.
import type { Column, EnumType, Schema, Table } from '../../../shared/model/schema.ts';

function typeNames(e: EnumType): string[] {
  const bare = /^[a-z_][a-z0-9_$]*$/.test(e.name) ? e.name : `"${e.name.replace(/"/g, '""')}"`;
  return [bare, `${e.schema}.${bare}`, `"${e.schema}".${bare}`];
}

/** Whether the column holds the enum: 'scalar', 'array', or null. */
export function enumUse(column: Column, e: EnumType): 'scalar' | 'array' | null {
  const names = typeNames(e);
  if (names.includes(column.type)) return 'scalar';
  if (names.some((n) => column.type === `${n}[]`)) return 'array';
  return null;
}

export function enumColumnTables(schema: Schema, e: EnumType): Table[] {
  return schema.tables.filter((t) => t.columns.some((c) => enumUse(c, e) !== null));
}

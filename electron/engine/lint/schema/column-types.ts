// Column types as PostgreSQL stores them, and the one question that matters for locks:
// does ALTER COLUMN ... TYPE rewrite the table? PostgreSQL skips the rewrite when the old
// value is binary-compatible with the new type (pg_cast method 'b') or when a length
// coercion provably cannot fail (the typmod "support functions" of varchar, numeric,
// timestamp, time, interval and bit varying simplify widening to a no-op).
import type { Node, TypeName } from 'libpg-query';
import { nodeAs } from '../parse.ts';
import type { ColumnType } from './model.ts';

const ALIASES: Readonly<Record<string, string>> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
  boolean: 'bool',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  decimal: 'numeric',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  varbit: 'varbit',
  'bit varying': 'varbit',
};

/** The serial pseudo-types: a column of them gets a sequence and a nextval() default. */
export const SERIAL_TYPES: ReadonlySet<string> = new Set([
  'serial',
  'serial4',
  'bigserial',
  'serial8',
  'smallserial',
  'serial2',
]);

export function typeNameText(typeName: TypeName | undefined): string | undefined {
  // The last name of the list (`pg_catalog.int4` → int4), without building the list.
  const names = typeName?.names ?? [];
  for (let i = names.length - 1; i >= 0; i--) {
    const sval = nodeAs(names[i], 'String')?.sval;
    if (sval !== undefined) return sval.toLowerCase();
  }
  return undefined;
}

function modValue(node: Node): number | undefined {
  const c = nodeAs(node, 'A_Const');
  if (c?.ival !== undefined) return c.ival.ival ?? 0;
  return undefined;
}

export function columnType(typeName: TypeName | undefined): ColumnType | undefined {
  const raw = typeNameText(typeName);
  if (raw === undefined) return undefined;
  const name = ALIASES[raw] ?? raw;
  const mods: number[] = [];
  for (const node of typeName?.typmods ?? []) {
    const mod = modValue(node);
    if (mod !== undefined) mods.push(mod);
  }
  // numeric(10) means numeric(10,0); an absent scale is a real zero scale.
  if (name === 'numeric' && mods.length === 1) mods.push(0);
  return { name, mods, array: (typeName?.arrayBounds ?? []).length > 0 };
}

export function formatType(t: ColumnType): string {
  return `${t.name}${t.mods.length > 0 ? `(${t.mods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

/** Types whose typmod support function turns a widening length coercion into a no-op. */
const WIDENABLE: ReadonlySet<string> = new Set([
  'varchar',
  'varbit',
  'timestamp',
  'timestamptz',
  'time',
  'timetz',
  'interval',
]);

/** Binary-coercible pairs (pg_cast castmethod 'b') that matter for column types. */
const BINARY: ReadonlySet<string> = new Set([
  'varchar>text',
  'text>varchar',
  'cidr>inet',
  'xml>text',
  'int4>oid',
  'oid>int4',
]);

export type RewriteAnswer = { readonly rewrites: boolean; readonly why: string };

export interface TypeChangeContext {
  /** The session TimeZone has offset zero (UTC/GMT): timestamp ↔ timestamptz is then free. */
  readonly utcSession: boolean | undefined;
  readonly pgVersion: number;
}

export function typeChangeRewrites(from: ColumnType, to: ColumnType, ctx: TypeChangeContext): RewriteAnswer {
  if (from.array !== to.array) return { rewrites: true, why: 'array-ness changes' };
  const sameMods = from.mods.join(',') === to.mods.join(',');
  if (from.name === to.name) {
    if (sameMods) return { rewrites: false, why: 'the type does not change' };
    if (to.mods.length === 0)
      return { rewrites: false, why: `removing the ${from.name} length/precision limit is free` };
    if (from.mods.length === 0)
      return { rewrites: true, why: `adding a limit to ${from.name} checks and rewrites every row` };
    if (from.name === 'numeric') {
      const [p1 = 0, s1 = 0] = from.mods;
      const [p2 = 0, s2 = 0] = to.mods;
      return s1 === s2 && p2 >= p1
        ? { rewrites: false, why: 'numeric precision grows with the same scale' }
        : { rewrites: true, why: 'numeric scale changes or precision shrinks' };
    }
    if (WIDENABLE.has(from.name)) {
      const grows = (to.mods[0] ?? 0) >= (from.mods[0] ?? 0);
      return grows
        ? { rewrites: false, why: `${from.name} is widened` }
        : { rewrites: true, why: `${from.name} is narrowed: every row is checked and rewritten` };
    }
    return { rewrites: true, why: `${from.name} modifiers change` };
  }
  if (BINARY.has(`${from.name}>${to.name}`)) {
    // text → varchar is binary only without a limit; with one, every value's length is checked.
    if (to.name === 'varchar' && to.mods.length > 0)
      return { rewrites: true, why: `${from.name} → ${formatType(to)} checks every value's length` };
    return { rewrites: false, why: `${from.name} → ${to.name} is binary compatible` };
  }
  const pair = `${from.name}>${to.name}`;
  if (pair === 'timestamp>timestamptz' || pair === 'timestamptz>timestamp') {
    const widensOrSame = to.mods.length === 0 || (to.mods[0] ?? 6) >= (from.mods[0] ?? 6);
    return timestampZoneChange(from.name, to.name, widensOrSame, ctx);
  }
  return { rewrites: true, why: `${formatType(from)} → ${formatType(to)} converts every row` };
}

/**
 * timestamp ↔ timestamptz: free on PostgreSQL 12+ when the session TimeZone is UTC (the
 * stored values are the same), a rewrite of every row otherwise. Which case applies is said,
 * and when the TimeZone is unknown, what decides it.
 */
function timestampZoneChange(from: string, to: string, widensOrSame: boolean, ctx: TypeChangeContext): RewriteAnswer {
  const change = `${from} → ${to}`;
  if (!widensOrSame) return { rewrites: true, why: `${change} with a lower precision rounds every value` };
  if (ctx.pgVersion < 12)
    return { rewrites: true, why: `${change} rewrites every row before PostgreSQL 12, whatever the TimeZone` };
  if (ctx.utcSession === true)
    return { rewrites: false, why: `${change} is free: the session TimeZone is UTC (PostgreSQL 12+)` };
  if (ctx.utcSession === false)
    return {
      rewrites: true,
      why: `${change} rewrites every row: the session TimeZone is not UTC (under UTC it would be free)`,
    };
  return {
    rewrites: true,
    why:
      `${change} is free if the session TimeZone is UTC and rewrites every row otherwise; ` +
      `the TimeZone is unknown here, so a rewrite is assumed (--timezone, ` +
      `or the live catalog with --url, decides it)`,
  };
}

// How volatile an expression is, as PostgreSQL's contain_volatile_functions() would judge
// it. It decides whether ADD COLUMN ... DEFAULT rewrites the table: since PostgreSQL 11 a
// non-volatile default is evaluated once and stored in the catalog ("fast default"); a
// volatile one must be evaluated per row, so every row is rewritten.
import type { Node } from 'libpg-query';
import { nameList, walk } from '../parse.ts';

export type Volatility = 'immutable' | 'stable' | 'volatile';

const VOLATILE: ReadonlySet<string> = new Set([
  'random',
  'random_normal',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'txid_current',
  'pg_current_xact_id',
  'gen_random_bytes',
]);

const STABLE: ReadonlySet<string> = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'to_char',
  'to_timestamp',
  'age',
  'concat',
  'concat_ws',
  'format',
  'current_schema',
  'current_database',
  'current_user',
  'session_user',
  'version',
]);

const IMMUTABLE: ReadonlySet<string> = new Set([
  'md5',
  'lower',
  'upper',
  'length',
  'char_length',
  'abs',
  'coalesce',
  'nullif',
  'greatest',
  'least',
  'round',
  'floor',
  'ceil',
  'trim',
  'btrim',
  'ltrim',
  'rtrim',
  'substr',
  'substring',
  'replace',
  'left',
  'right',
  'lpad',
  'rpad',
  'sha256',
  'encode',
  'decode',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'array_length',
  'make_date',
  'make_interval',
  'int4',
  'int8',
  'text',
  'sqrt',
  'power',
  'mod',
]);

export interface VolatilityAnswer {
  readonly volatility: Volatility;
  /** Functions whose volatility the built-in list does not know (treated as volatile). */
  readonly unknown: readonly string[];
  readonly volatileCalls: readonly string[];
}

const ORDER: readonly Volatility[] = ['immutable', 'stable', 'volatile'];

/**
 * Walks the expression. `known` is the live catalog's answer for a function (pg_proc
 * provolatile), consulted before the built-in list; an unknown function counts as volatile,
 * which may cry wolf but never misses a rewrite.
 */
export function volatilityOf(
  expr: Node | undefined,
  known?: (name: string) => Volatility | undefined,
): VolatilityAnswer {
  let worst: Volatility = 'immutable';
  const unknown: string[] = [];
  const volatileCalls: string[] = [];
  const raise = (v: Volatility): void => {
    if (ORDER.indexOf(v) > ORDER.indexOf(worst)) worst = v;
  };
  if (expr === undefined) return { volatility: worst, unknown, volatileCalls };
  const visit = (key: string, value: Record<string, unknown>): void => {
    if (key === 'FuncCall') {
      const names = nameList(value.funcname as Node[] | undefined);
      const name = (names[names.length - 1] ?? '').toLowerCase();
      const v =
        known?.(name) ??
        (VOLATILE.has(name) ? 'volatile' : STABLE.has(name) ? 'stable' : IMMUTABLE.has(name) ? 'immutable' : undefined);
      if (v === undefined) {
        unknown.push(name);
        volatileCalls.push(`${name}()`);
        raise('volatile');
      } else {
        if (v === 'volatile') volatileCalls.push(`${name}()`);
        raise(v);
      }
    } else if (key === 'SQLValueFunction') {
      // CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIME, CURRENT_USER…: all stable.
      raise('stable');
    } else if (key === 'SubLink') {
      unknown.push('(subquery)');
      raise('volatile');
    }
  };
  walk(expr, visit);
  return { volatility: worst, unknown: [...new Set(unknown)], volatileCalls: [...new Set(volatileCalls)] };
}

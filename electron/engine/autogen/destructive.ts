// Which changes lose data: dropped tables and columns, removed enum values, and type changes
// that do not widen (a narrower or different type may truncate or refuse rows). A widening
// is recognised only where it is certain; anything else is marked, so a reviewer looks.
import type { Change } from './operations.ts';

const INTEGER_WIDTH: Record<string, number> = { smallint: 2, integer: 4, int: 4, int2: 2, int4: 4, bigint: 8, int8: 8 };
const FLOAT_WIDTH: Record<string, number> = { real: 4, float4: 4, 'double precision': 8, float8: 8 };

interface ParsedType {
  readonly base: string;
  readonly args: readonly number[];
}

function parseType(type: string): ParsedType {
  const m = /^([a-z _]+?)\s*(?:\(([\d,\s]+)\))?$/i.exec(type.trim().toLowerCase());
  if (!m) return { base: type.trim().toLowerCase(), args: [] };
  return {
    base: m[1]!.trim(),
    args: (m[2] ?? '')
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => Number(s.trim())),
  };
}

const VARCHAR = new Set(['character varying', 'varchar']);
const TEXTUAL = new Set([...VARCHAR, 'text']);

/** Whether every value of type `from` fits, unchanged, in type `to`. */
export function isWidening(from: string, to: string): boolean {
  if (from.trim().toLowerCase() === to.trim().toLowerCase()) return true;
  const a = parseType(from);
  const b = parseType(to);
  if (a.base in INTEGER_WIDTH && b.base in INTEGER_WIDTH) return INTEGER_WIDTH[a.base]! <= INTEGER_WIDTH[b.base]!;
  if (a.base in INTEGER_WIDTH && (b.base === 'numeric' || b.base === 'decimal')) return b.args.length === 0;
  if (a.base in FLOAT_WIDTH && b.base in FLOAT_WIDTH) return FLOAT_WIDTH[a.base]! <= FLOAT_WIDTH[b.base]!;
  if (TEXTUAL.has(a.base) && b.base === 'text') return true;
  if (VARCHAR.has(a.base) && VARCHAR.has(b.base))
    return b.args.length === 0 || (a.args.length > 0 && a.args[0]! <= b.args[0]!);
  if ((a.base === 'numeric' || a.base === 'decimal') && (b.base === 'numeric' || b.base === 'decimal')) {
    if (b.args.length === 0) return true;
    if (a.args.length === 0) return false;
    const [p1 = 0, s1 = 0] = a.args;
    const [p2 = 0, s2 = 0] = b.args;
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  if (a.base === 'timestamp without time zone' && b.base === 'timestamp with time zone') return true;
  return false;
}

export function isDestructive(c: Change): boolean {
  switch (c.kind) {
    case 'dropTable':
    case 'dropColumn':
      return true;
    case 'alterColumn':
      // A generated column holds no data of its own; turning one into a plain column keeps its values.
      return c.from.generated === null && !isWidening(c.from.type, c.to.type);
    case 'replaceEnum':
      return c.from.values.some((v) => !c.to.values.includes(v));
    default:
      return false;
  }
}

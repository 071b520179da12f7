// The real PostgreSQL parser (libpg-query, compiled to WASM) and small typed helpers over
// its JSON AST. Nothing in lint looks at SQL text with a regular expression: positions for
// fixes come from sql/lexer.ts, which the tests hold equal to PostgreSQL's own scanner
// (scanTokens below).
import type { Node, ParseResult, RangeVar, ScanResult } from 'libpg-query';
import type { Token } from '../sql/lexer.ts';
import { ParserError, WasmParser } from './wasm-parser.ts';

let loading: Promise<void> | undefined;
let wasm: WasmParser | undefined;

/**
 * The parser loads once per process; every lint entry point awaits this first. Not at import:
 * a `strata upgrade` or the studio's first paint should not pay for a parser it does not use.
 */
export function loadParser(): Promise<void> {
  loading ??= WasmParser.load().then((parser) => {
    wasm = parser;
  });
  return loading;
}

function parser(): WasmParser {
  if (!wasm) throw new Error('internal: lint used before loadParser() resolved');
  return wasm;
}

/** The parse tree of `sql`, as libpg-query's parseSync gives it. Throws on a syntax error. */
function parseTree(sql: string): ParseResult {
  return JSON.parse(parser().parseJson(sql)) as ParseResult;
}

type NodeKey = Node extends infer U ? (U extends unknown ? keyof U : never) : never;
export type NodeOf<K extends NodeKey> = Extract<Node, Record<K, unknown>>[K];

/** The payload of a node of one kind, or undefined when the node is of another kind. */
export function nodeAs<K extends NodeKey>(node: Node | undefined, key: K): NodeOf<K> | undefined {
  if (node === undefined || node === null) return undefined;
  return (node as unknown as Record<string, NodeOf<K> | undefined>)[key];
}

/** The payloads of the nodes of one kind in a list, in order, skipping other kinds. */
export function nodesOf<K extends NodeKey>(nodes: readonly Node[] | undefined, key: K): NodeOf<K>[] {
  const out: NodeOf<K>[] = [];
  if (nodes) {
    for (const n of nodes) {
      const payload = nodeAs(n, key);
      if (payload !== undefined) out.push(payload);
    }
  }
  return out;
}

export function nodeKind(node: Node): string {
  // The first key, as Object.keys(node)[0], without building the array of keys.
  for (const key in node) return key;
  return '';
}

export type ParsedStatement =
  | { readonly ok: true; readonly nodes: readonly Node[] }
  | { readonly ok: false; readonly message: string; readonly offset: number | undefined };

export function parseStatement(sql: string): ParsedStatement {
  try {
    const result = parseTree(sql);
    return { ok: true, nodes: (result.stmts ?? []).flatMap((s) => (s.stmt ? [s.stmt] : [])) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, offset: error instanceof ParserError ? error.cursorPosition : undefined };
  }
}

/** A statement as the parser delimits it in a text of several: offsets in UTF-16 units. */
export interface RawStatement {
  readonly node: Node | undefined;
  /** The statement's first token. */
  readonly start: number;
  /** Its terminating `;` (exclusive), or the end of the text. */
  readonly end: number;
}

/** Parses a text of statements in one call; undefined when any of them is a syntax error. */
export function parseAll(sql: string): RawStatement[] | undefined {
  let stmts;
  try {
    stmts = parseTree(sql).stmts ?? [];
  } catch {
    return undefined;
  }
  const toChar = charOffsets(sql);
  return stmts.map((s) => {
    const from = s.stmt_location ?? 0;
    // A zero (absent) length means "to the end of the text": the last statement without a `;`.
    return { node: s.stmt, start: toChar(from), end: s.stmt_len ? toChar(from + s.stmt_len) : sql.length };
  });
}

/** PostgreSQL's scanner over `sql`, comments included: the oracle lexer.ts is tested against. */
export function scanTokens(sql: string): Token[] {
  const tokens = (JSON.parse(parser().scanJson(sql)) as ScanResult).tokens;
  const toChar = charOffsets(sql);
  return tokens.map((t) => {
    const start = toChar(t.start);
    const end = toChar(t.end);
    const text = sql.slice(start, end);
    return {
      start,
      end,
      text,
      upper: text.toUpperCase(),
      comment: t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT',
    };
  });
}

/** Byte offsets (the parser counts UTF-8 bytes) → string offsets; ASCII text needs no map. */
function charOffsets(sql: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex -- the whole ASCII range, NUL included
  return /[^\x00-\x7f]/.test(sql) ? byteToCharMap(sql) : (b) => b;
}

function byteToCharMap(sql: string): (byte: number) => number {
  const map: number[] = [];
  let bytes = 0;
  for (let i = 0; i < sql.length; i++) {
    const code = sql.codePointAt(i) as number;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) map[bytes + k] = i;
    bytes += width;
    if (code >= 0x10000) i++; // surrogate pair: two code units, one code point
  }
  map[bytes] = sql.length;
  return (b) => map[b] ?? sql.length;
}

/** A relation as the statement names it. */
export interface RelName {
  readonly schema: string | undefined;
  readonly name: string;
}

export function relName(range: RangeVar | undefined): RelName | undefined {
  if (!range?.relname) return undefined;
  return { schema: range.schemaname, name: range.relname };
}

/** `a.b.c` names (types, functions, indexes in DROP lists) as plain strings. */
export function nameList(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  if (nodes) {
    for (const n of nodes) {
      const sval = nodeAs(n, 'String')?.sval;
      if (sval !== undefined) out.push(sval);
    }
  }
  return out;
}

/** The last element of a qualified name list as a relation name (`DROP INDEX s.i`). */
export function relFromNames(names: readonly string[]): RelName | undefined {
  const name = names[names.length - 1];
  if (name === undefined) return undefined;
  return { schema: names.length > 1 ? names[names.length - 2] : undefined, name };
}

/** Depth-first walk over every node under `root`, for finding function calls and references. */
export function walk(root: unknown, visit: (key: string, value: Record<string, unknown>) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (const x of item) stack.push(x);
    } else if (item !== null && typeof item === 'object') {
      // for-in visits a plain (JSON) object's keys in Object.entries order, without the pairs.
      const record = item as Record<string, unknown>;
      for (const key in record) {
        const value = record[key];
        if (value !== null && typeof value === 'object') {
          if (!Array.isArray(value)) visit(key, value as Record<string, unknown>);
          stack.push(value);
        }
      }
    }
  }
}

/**
 * A boolean option of an option list (`VACUUM (FULL false)`, `REINDEX (CONCURRENTLY 0)`), read
 * as PostgreSQL's defGetBoolean reads it: a bare option is true; 1/0 and true/false/on/off (any
 * case, quoted or not) give their value; a value PostgreSQL refuses (the statement then fails)
 * reads false. Absent: `absent`. The last occurrence wins, as in the option loops of vacuum.c
 * and indexcmds.c.
 */
export function defElemFlag(nodes: readonly Node[] | undefined, name: string, absent = false): boolean {
  let value = absent;
  for (const d of nodesOf(nodes, 'DefElem')) {
    if (d.defname?.toLowerCase() === name) value = defElemBoolean(d.arg);
  }
  return value;
}

function defElemBoolean(arg: Node | undefined): boolean {
  if (arg === undefined) return true;
  const int = nodeAs(arg, 'Integer');
  // The parser's JSON leaves out a zero: `FULL 0` is {"Integer": {}}.
  if (int !== undefined) return (int.ival ?? 0) === 1;
  const text = (nodeAs(arg, 'String')?.sval ?? (nodeAs(arg, 'Boolean')?.boolval === true ? 'true' : '')).toLowerCase();
  return text === 'true' || text === 'on';
}

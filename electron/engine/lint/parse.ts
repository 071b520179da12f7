// The real PostgreSQL parser (libpg-query, compiled to WASM) and small typed helpers over
// its JSON AST. Nothing in lint looks at SQL text with a regular expression: positions for
// fixes come from the parser's own scanner.
import type { Node, RangeVar } from 'libpg-query';

type PgQuery = typeof import('libpg-query');
let loading: Promise<void> | undefined;
let pgQuery: PgQuery | undefined;

/**
 * The WASM module loads once per process; every lint entry point awaits this first. Imported
 * here, not at the top: libpg-query compiles its WASM as soon as it is imported, and a
 * `strata upgrade` or the studio's first paint should not pay for a parser it does not use.
 */
export function loadParser(): Promise<void> {
  loading ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    pgQuery = module;
  });
  return loading;
}

function parser(): PgQuery {
  if (!pgQuery) throw new Error('internal: lint used before loadParser() resolved');
  return pgQuery;
}

type NodeKey = Node extends infer U ? (U extends unknown ? keyof U : never) : never;
export type NodeOf<K extends NodeKey> = Extract<Node, Record<K, unknown>>[K];

/** The payload of a node of one kind, or undefined when the node is of another kind. */
export function nodeAs<K extends NodeKey>(node: Node | undefined, key: K): NodeOf<K> | undefined {
  if (node === undefined || node === null) return undefined;
  return (node as unknown as Record<string, NodeOf<K> | undefined>)[key];
}

export function nodeKind(node: Node): string {
  return Object.keys(node)[0] ?? '';
}

export type ParsedStatement = { readonly ok: true; readonly nodes: readonly Node[] } | { readonly ok: false; readonly message: string; readonly offset: number | undefined };

export function parseStatement(sql: string): ParsedStatement {
  try {
    const result = parser().parseSync(sql);
    return { ok: true, nodes: (result.stmts ?? []).flatMap((s) => (s.stmt ? [s.stmt] : [])) };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, offset: details?.cursorPosition };
  }
}

export interface Token {
  /** Offsets in UTF-16 code units into the scanned text (the scanner counts bytes). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly upper: string;
  readonly comment: boolean;
}

export function scanTokens(sql: string): Token[] {
  const tokens = parser().scanSync(sql).tokens;
  // Byte offsets → string offsets; only text with non-ASCII characters needs the map.
  const ascii = !/[^\x00-\x7f]/.test(sql);
  const toChar = ascii ? (b: number): number => b : byteToCharMap(sql);
  return tokens.map((t) => {
    const start = toChar(t.start);
    const end = toChar(t.end);
    const text = sql.slice(start, end);
    return { start, end, text, upper: text.toUpperCase(), comment: t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT' };
  });
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
  return (nodes ?? []).flatMap((n) => {
    const s = nodeAs(n, 'String');
    return s?.sval !== undefined ? [s.sval] : [];
  });
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
      for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
        if (value !== null && typeof value === 'object') {
          if (!Array.isArray(value)) visit(key, value as Record<string, unknown>);
          stack.push(value);
        }
      }
    }
  }
}

export function defElemNames(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((n) => {
    const d = nodeAs(n, 'DefElem');
    return d?.defname ? [d.defname.toLowerCase()] : [];
  });
}

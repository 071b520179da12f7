// The statements of a section parsed with one parser call instead of one per statement:
// a single trip into WASM and a single JSON document, which is most of what parsing costs
// for short migration statements. The runner's splitter still decides what a statement is;
// the parser's own statement boundaries are only used when they agree with it exactly.
//
// The same work also comes in two halves, for a folder of files parsed on worker threads
// (service/parse-pool.ts): prepareSection, on a worker, calls the parser and decides between
// the one call and one per statement; parsedOfPrepared, on the thread that lints, only
// decodes the JSON text. Together they give what parseSection gives.
import {
  parseAll,
  parseAllJson,
  parseStatement,
  parseStatementJson,
  rawStatements,
  statementOfJson,
  type ParsedStatement,
  type RawStatement,
  type StatementJson,
} from './parse.ts';
import { sectionStatements, skipTrivia, type SourceStatement } from '../sql/source.ts';
import { isRevisionText } from './revision-text.ts';
import type { ParseResult } from 'libpg-query';

/** One parse result per statement, as parseStatement would give for each on its own. */
export function parseSection(text: string, statements: readonly SourceStatement[]): ParsedStatement[] {
  // A syntax error anywhere fails the whole text; each statement is then parsed on its own,
  // so that the error is reported on the statement that has it.
  const raw = statements.length > 1 ? parseAll(text) : undefined;
  if (raw && agrees(text, statements, raw)) return raw.map((r) => ({ ok: true, nodes: r.node ? [r.node] : [] }));
  return statements.map((s) => parseStatement(s.sql));
}

/** A section's parse as the parser's JSON text: the whole text's (the splitter agrees), or each statement's. */
export type PreparedSection =
  { readonly whole: string; readonly statements: number } | { readonly each: readonly StatementJson[] };

/** parseSection's decisions, made where the parser is (a worker), without keeping the trees. */
export function prepareSection(text: string, statements: readonly SourceStatement[]): PreparedSection {
  const json = statements.length > 1 ? parseAllJson(text) : undefined;
  if (json !== undefined && agrees(text, statements, rawStatements(text, JSON.parse(json) as ParseResult)))
    return { whole: json, statements: statements.length };
  return { each: statements.map((s) => parseStatementJson(s.sql)) };
}

/**
 * The parse lintText needs for a file's text: a bare file is one section, the whole text.
 * Undefined for a revision (its upgrade section is found and parsed where it is linted).
 */
export function prepareFileText(text: string): PreparedSection | undefined {
  return isRevisionText(text) ? undefined : prepareSection(text, sectionStatements({ text, firstLine: 1 }));
}

/** parseSection's result from a prepareSection of the same text and statements. */
export function parsedOfPrepared(prepared: PreparedSection, statements: readonly SourceStatement[]): ParsedStatement[] {
  const count = 'whole' in prepared ? prepared.statements : prepared.each.length;
  if (count !== statements.length)
    throw new Error(`internal: a section prepared with ${count} statements is linted with ${statements.length}`);
  if ('each' in prepared) return prepared.each.map((s) => (s.ok ? statementOfJson(s.json) : s));
  const stmts = (JSON.parse(prepared.whole) as ParseResult).stmts ?? [];
  return stmts.map((s) => ({ ok: true, nodes: s.stmt ? [s.stmt] : [] }));
}

/**
 * Whether parser statement i is splitter statement i plus nothing but blanks and comments
 * before its `;`, for every i. Then its AST is the one the statement's own text gives
 * (apart from `location` fields, which lint does not read). Any disagreement (a splitter
 * heuristic, white space the two see differently) falls back to one parse per statement.
 */
function agrees(text: string, statements: readonly SourceStatement[], raw: readonly RawStatement[]): boolean {
  if (raw.length !== statements.length) return false;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as RawStatement;
    const s = statements[i] as SourceStatement;
    if (r.start !== s.start || skipTrivia(text, s.end) !== r.end || !text.startsWith(s.sql, s.start)) return false;
  }
  return true;
}

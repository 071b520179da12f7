// The statements of a section parsed with one parser call instead of one per statement:
// a single trip into WASM and a single JSON document, which is most of what parsing costs
// for short migration statements. The runner's splitter still decides what a statement is;
// the parser's own statement boundaries are only used when they agree with it exactly.
import { parseAll, parseStatement, type ParsedStatement, type RawStatement } from './parse.ts';
import { skipTrivia, type SourceStatement } from '../sql/source.ts';

/** One parse result per statement, as parseStatement would give for each on its own. */
export function parseSection(text: string, statements: readonly SourceStatement[]): ParsedStatement[] {
  // A syntax error anywhere fails the whole text; each statement is then parsed on its own,
  // so that the error is reported on the statement that has it.
  const raw = statements.length > 1 ? parseAll(text) : undefined;
  if (raw && agrees(text, statements, raw)) return raw.map((r) => ({ ok: true, nodes: r.node ? [r.node] : [] }));
  return statements.map((s) => parseStatement(s.sql));
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

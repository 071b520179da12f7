// A revision module read statically: its module-level `revision`, `down_revision`,
// `branch_labels` and `depends_on` (plain `x = …` and annotated `x: T = …`, the last one
// written wins as when Python runs the module), and its docstring's message and Create Date.
// A value that is not a literal (a name imported from elsewhere, a call) is `computed`: its
// source text is kept so the user can be told, per file, what to declare.
import { PythonSyntaxError, tokenize, type LogicalLine, type Token } from './python-tokens.ts';

export const REVISION_FIELDS = ['revision', 'down_revision', 'branch_labels', 'depends_on'] as const;
export type RevisionField = (typeof REVISION_FIELDS)[number];

export type PyLiteral =
  | { readonly kind: 'none' }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'seq'; readonly values: readonly string[] }
  | { readonly kind: 'computed'; readonly text: string };

export interface Assignment {
  readonly value: PyLiteral;
  readonly line: number;
}

export interface RevisionModule {
  readonly assignments: ReadonlyMap<RevisionField, Assignment>;
  /** The module docstring, as Python keeps it (undefined without one). */
  readonly docstring: string | undefined;
}

export type ReadModuleResult =
  | { readonly ok: true; readonly module: RevisionModule }
  | { readonly ok: false; readonly line: number; readonly message: string };

const TRACKED = new Set<string>(REVISION_FIELDS);

export function readRevisionModule(source: string): ReadModuleResult {
  let lines: LogicalLine[];
  try {
    lines = tokenize(source);
  } catch (error) {
    if (error instanceof PythonSyntaxError)
      return { ok: false, line: error.line, message: `Python syntax error: ${error.message}` };
    throw error;
  }
  const assignments = new Map<RevisionField, Assignment>();
  let docstring: string | undefined;
  lines.forEach((logical, index) => {
    if (logical.indent !== 0) return;
    const { tokens } = logical;
    if (index === 0 && tokens.every((t) => t.kind === 'string')) {
      docstring = tokens.map((t) => (t.kind === 'string' ? t.value : '')).join('');
      return;
    }
    for (const { name, value } of assignmentsIn(tokens)) {
      if (TRACKED.has(name))
        assignments.set(name as RevisionField, {
          value: literal(value),
          line: (value[0] ?? tokens[0])?.line ?? logical.line,
        });
    }
  });
  return { ok: true, module: { assignments, docstring } };
}

/**
 * `a = b = value` and `a: T = value` at the top of a logical line: each target with the
 * value's tokens. Anything else (an expression, an import, `x += 1`) assigns nothing we read.
 */
function assignmentsIn(tokens: readonly Token[]): { name: string; value: readonly Token[] }[] {
  const cuts: number[] = [];
  let depth = 0;
  let annotation = -1;
  tokens.forEach((t, i) => {
    if (t.kind !== 'op') return;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.text === '=') cuts.push(i);
    else if (depth === 0 && t.text === ':' && annotation < 0 && cuts.length === 0) annotation = i;
  });
  if (cuts.length === 0) return [];
  const value = tokens.slice((cuts[cuts.length - 1] as number) + 1);
  const out: { name: string; value: readonly Token[] }[] = [];
  let from = 0;
  for (const cut of cuts) {
    const target = tokens.slice(from, annotation > from && annotation < cut ? annotation : cut);
    from = cut + 1;
    const first = target[0];
    if (target.length === 1 && first?.kind === 'name') out.push({ name: first.text, value });
  }
  return out;
}

function literal(tokens: readonly Token[]): PyLiteral {
  const text = sourceText(tokens);
  const computed: PyLiteral = { kind: 'computed', text };
  if (tokens.length === 1 && tokens[0]?.kind === 'name' && tokens[0].text === 'None') return { kind: 'none' };
  const single = stringOf(tokens);
  if (single !== undefined) return { kind: 'str', value: single };
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  let inner = tokens;
  let bracketed = false;
  if (first?.kind === 'op' && last?.kind === 'op' && ['()', '[]', '{}'].includes(first.text + last.text)) {
    inner = tokens.slice(1, -1);
    bracketed = true;
    if (first.text === '{' && inner.length === 0) return computed;
  }
  const items = splitTopLevel(inner);
  if (items === undefined) return computed;
  // `("a")` is a string in parentheses, not a tuple: only a comma makes one.
  if (bracketed && first?.text === '(' && items.length === 1 && !endsWithComma(inner)) {
    const s = stringOf(items[0] as readonly Token[]);
    return s === undefined ? computed : { kind: 'str', value: s };
  }
  if (!bracketed && items.length < 2 && !endsWithComma(inner)) return computed;
  const values: string[] = [];
  for (const item of items) {
    const s = stringOf(item);
    if (s === undefined) return computed;
    values.push(s);
  }
  return { kind: 'seq', values };
}

/** The value's source as a person writes it: `(SHARED,)`, `make_id('x')`. */
function sourceText(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((t, i) => {
    const before = tokens[i - 1];
    const wordy = (x: Token | undefined): boolean => x !== undefined && x.kind !== 'op';
    if (
      before &&
      ((wordy(before) && wordy(t)) ||
        (before.kind === 'op' && [',', '=', ':'].includes(before.text) && !')]}'.includes(t.text)))
    )
      out += ' ';
    out += t.text;
  });
  return out;
}

function endsWithComma(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last?.kind === 'op' && last.text === ',';
}

/** Comma-separated items at bracket depth 0 (a trailing comma allowed); undefined for an empty item. */
function splitTopLevel(tokens: readonly Token[]): (readonly Token[])[] | undefined {
  const items: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'op' && t.text === ',') {
      if (current.length === 0) return undefined;
      items.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) items.push(current);
  return items;
}

/** Adjacent string literals concatenated, as Python does; not bytes, not f-strings. */
function stringOf(tokens: readonly Token[]): string | undefined {
  if (tokens.length === 0) return undefined;
  let out = '';
  for (const t of tokens) {
    if (t.kind !== 'string' || t.prefix.includes('b') || t.prefix.includes('f')) return undefined;
    out += t.value;
  }
  return out;
}

/** Alembic's `Script.doc`: the stripped docstring up to its first blank line. */
export function docMessage(docstring: string | undefined): string {
  if (docstring === undefined) return '';
  return (docstring.trim().split('\n\n')[0] as string).trim();
}

/** The `Create Date:` line the revision template writes into the docstring. */
export function docCreateDate(docstring: string | undefined): string | undefined {
  const match = docstring === undefined ? null : /^\s*Create Date:[ \t]*(.+?)\s*$/m.exec(docstring);
  return match ? (match[1] as string) : undefined;
}

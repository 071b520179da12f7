// The static reader of revision modules, case by case: every way a module writes its revision
// variables (plain, annotated, chained, either quote, prefixes, triple quotes, tuples, lists,
// parentheses, continuation lines, the last assignment winning), what is not read (indented
// blocks, computed values), and syntax errors with their line. Then a property: any literal
// value written in any of those styles reads back as itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { docCreateDate, docMessage, readRevisionModule, type PyLiteral } from './revision-module.ts';

function fields(source: string): Record<string, PyLiteral> {
  const read = readRevisionModule(source);
  if (!read.ok) throw new Error(`line ${read.line}: ${read.message}`);
  return Object.fromEntries([...read.module.assignments].map(([k, v]) => [k, v.value]));
}

const str = (value: string): PyLiteral => ({ kind: 'str', value });
const seq = (...values: string[]): PyLiteral => ({ kind: 'seq', values });
const NONE: PyLiteral = { kind: 'none' };

describe('revision variables', () => {
  const cases: [string, string, Record<string, PyLiteral>][] = [
    [
      'the template',
      "revision = 'ae1027a6acf'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n",
      { revision: str('ae1027a6acf'), down_revision: NONE, branch_labels: NONE, depends_on: NONE },
    ],
    [
      'double quotes and annotations (1.13 template)',
      'revision: str = "abc"\ndown_revision: Union[str, None] = "def"\n' +
        'branch_labels: Union[str, Sequence[str], None] = None\n',
      { revision: str('abc'), down_revision: str('def'), branch_labels: NONE },
    ],
    ['a merge tuple', "down_revision = ('b1000001', 'a1000002')\n", { down_revision: seq('b1000001', 'a1000002') }],
    [
      'a list over lines with a trailing comma and comments',
      'down_revision = [\n    \'a\',  # first\n    "b",\n]\n',
      { down_revision: seq('a', 'b') },
    ],
    ['a bare tuple', "down_revision = 'a', 'b'\n", { down_revision: seq('a', 'b') }],
    ['a one-element tuple', "branch_labels = ('net',)\n", { branch_labels: seq('net') }],
    ['a string in parentheses is a string', "branch_labels = ('net')\n", { branch_labels: str('net') }],
    ['an empty tuple', 'down_revision = ()\n', { down_revision: seq() }],
    ['a set of labels', "branch_labels = {'a', 'b'}\n", { branch_labels: seq('a', 'b') }],
    ['prefixes, triple quotes, concatenation', "revision = r'ab' u\"cd\" '''ef'''\n", { revision: str('abcdef') }],
    ['a backslash continuation', "revision = \\\n    'abc'\n", { revision: str('abc') }],
    ['chained assignment', "revision = down_revision = 'x'\n", { revision: str('x'), down_revision: str('x') }],
    ['the last assignment wins', "revision = 'one'\nrevision = 'two'\n", { revision: str('two') }],
    [
      'semicolon-free lines after code',
      "import os\nrevision = 'abc'\ndef upgrade():\n    revision = 'inner'\n",
      { revision: str('abc') },
    ],
    [
      'indented blocks are not module level',
      "if True:\n    revision = 'no'\nrevision = 'yes'\n",
      { revision: str('yes') },
    ],
    [
      'a computed label',
      'from .labels import SHARED\nbranch_labels = (SHARED,)\n',
      { branch_labels: { kind: 'computed', text: '(SHARED,)' } },
    ],
    ['a call', "revision = make_id('x')\n", { revision: { kind: 'computed', text: "make_id('x')" } }],
    [
      'bytes and f-strings are not ids',
      "revision = b'x'\ndown_revision = f'{a}'\n",
      { revision: { kind: 'computed', text: "b'x'" }, down_revision: { kind: 'computed', text: "f'{a}'" } },
    ],
    ['escapes are decoded', "revision = 'a\\x62c'\n", { revision: str('abc') }],
    ['== is no assignment', "revision == 'x'\n", {}],
    ['an annotation alone assigns nothing', 'revision: str\n', {}],
    ['a dict-of-brackets annotation', "branch_labels: dict[str, list[int]] = ['x']\n", { branch_labels: seq('x') }],
    [
      'CRLF line ends and a BOM',
      "\ufeffrevision = 'abc'\r\ndown_revision = None\r\n",
      { revision: str('abc'), down_revision: NONE },
    ],
    ['a string containing what looks like code', "revision = 'a # b = (c'\n", { revision: str('a # b = (c') }],
  ];
  for (const [name, source, expected] of cases) {
    it(name, () => expect(fields(source)).toEqual(expected));
  }

  it('reports the line where each value is written', () => {
    const read = readRevisionModule('"""doc"""\n\n\nrevision = (\n  "abc"\n)\ndown_revision = None\n');
    expect(read.ok && read.module.assignments.get('revision')?.line).toBe(4);
    expect(read.ok && read.module.assignments.get('down_revision')?.line).toBe(7);
  });
});

describe('syntax errors name their line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['an unterminated string', "revision = 'abc\ndown_revision = None\n", 1, /unterminated string/],
    ['an unclosed bracket', "x = 1\ndown_revision = ('a',\nrevision = 'b'\n", 2, /was never closed/],
    ['a mismatched bracket', 'x = 1\n\ny = (1]\n', 3, /does not match/],
    ['an unterminated docstring', '"""never closed\nrevision = "x"\n', 1, /unterminated triple-quoted/],
  ];
  for (const [name, source, line, message] of cases) {
    it(name, () => {
      const read = readRevisionModule(source);
      expect(read.ok).toBe(false);
      if (!read.ok) {
        expect(read.line).toBe(line);
        expect(read.message).toMatch(message);
      }
    });
  }
});

describe('the docstring', () => {
  const template =
    '"""add invoices\n\nRevision ID: ae1027a6acf\nRevises: \n' +
    'Create Date: 2026-11-22 04:04:43.719268\n\n"""\nrevision = "ae1027a6acf"\n';
  it("gives Alembic's message (up to the first blank line) and the create date", () => {
    const read = readRevisionModule(template);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(docMessage(read.module.docstring)).toBe('add invoices');
    expect(docCreateDate(read.module.docstring)).toBe('2026-11-22 04:04:43.719268');
  });
  it('is only the first statement', () => {
    const read = readRevisionModule('import os\n"""not a docstring"""\n');
    expect(read.ok && read.module.docstring).toBeUndefined();
  });
  it('a module without one has an empty message', () => expect(docMessage(undefined)).toBe(''));
});

describe('property: any literal written in any style reads back', () => {
  // Ids as Alembic accepts them: no @ - +, and for the test no quote or backslash to escape.
  const id = fc.stringMatching(/^[A-Za-z0-9_.:~!$%^&*=|<>?/ ]{1,32}$/).filter((s) => s.trim() === s && s !== '');
  const quote = fc.constantFrom("'", '"', "'''", '"""');
  const quoted = (s: string, q: string): string => `${q}${s}${q}`;
  it('strings, tuples, lists and None, plain or annotated, on one line or several', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ kind: fc.constant('str' as const), value: id }),
          fc.record({ kind: fc.constant('seq' as const), values: fc.array(id, { minLength: 2, maxLength: 4 }) }),
          fc.constant({ kind: 'none' as const }),
        ),
        quote,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('()', '[]'),
        (value, q, annotated, multiline, brackets) => {
          const target = annotated ? 'down_revision: Union[str, Sequence[str], None]' : 'down_revision';
          let rhs: string;
          if (value.kind === 'none') rhs = 'None';
          else if (value.kind === 'str') rhs = quoted(value.value, q);
          else {
            const sepr = multiline ? ',\n    ' : ', ';
            rhs =
              `${brackets[0]}${value.values.map((v) => quoted(v, q)).join(sepr)}` +
              `${multiline ? ',\n' : ''}${brackets[1]}`;
          }
          const source =
            `"""msg\n\nRevision ID: x\n"""\nfrom alembic import op\n` +
            `\n${target} = ${rhs}\n\ndef upgrade():\n    pass\n`;
          expect(fields(source).down_revision).toEqual(value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

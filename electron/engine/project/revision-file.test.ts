// The revision file format: byte-stable round trips, minimal re-rendering, errors with the
// right line numbers, and checksums that ignore what an editor changes silently.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asRevisionId } from '../../../shared/model/revision.ts';
import type { ProjectProblem } from './errors.ts';
import {
  parseRevisionFile,
  renderRevisionFile,
  revisionChecksum,
  slugify,
  type ParsedRevisionFile,
  type RevisionFileData,
} from './revision-file.ts';

const SAMPLE_DIRS = [resolve('migrations-sample/versions'), resolve('migrations-sample/postgres/versions')];
const sampleFiles = SAMPLE_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort()
    .map((n) => join(dir, n)),
);

function parsed(text: string, file = 'test.sql'): ParsedRevisionFile {
  const result = parseRevisionFile(text, file);
  if (!result.ok)
    throw new Error(
      `expected ${file} to parse, got:\n${result.problems.map((p) => `${p.line}: ${p.message}`).join('\n')}`,
    );
  return result.file;
}

function problems(text: string, file = 'broken.sql'): readonly ProjectProblem[] {
  const result = parseRevisionFile(text, file);
  if (result.ok) throw new Error('expected a parse error');
  return result.problems;
}

function roundTrip(text: string): string {
  const file = parsed(text);
  return renderRevisionFile(file.data, file.layout);
}

/** Lines of a text, each with its own line ending, for "only this line changed" comparisons. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function changedLines(before: string, after: string): number[] {
  const a = linesOf(before);
  const b = linesOf(after);
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [i + 1]));
}

const BASIC = [
  '-- strata:revision 3f2a9c1e7b4d',
  '-- strata:parents 1a2b3c4d5e6f',
  '-- strata:depends-on 9e8d7c6b5a4f',
  '-- strata:branch-labels billing',
  '-- strata:message add invoices table',
  '-- strata:created 2026-11-20T10:00:00Z',
  '-- strata:transactional false',
  '',
  '-- strata:upgrade',
  'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);',
  '',
  '-- strata:downgrade',
  'DROP TABLE invoices;',
  '',
].join('\n');

describe('parseRevisionFile', () => {
  it('reads every field of the documented layout', () => {
    const file = parsed(BASIC);
    expect(file.data).toEqual({
      id: '3f2a9c1e7b4d',
      parents: ['1a2b3c4d5e6f'],
      dependsOn: ['9e8d7c6b5a4f'],
      branchLabels: ['billing'],
      message: 'add invoices table',
      created: '2026-11-20T10:00:00Z',
      transactional: false,
      upgradeSql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);\n\n',
      downgradeSql: 'DROP TABLE invoices;\n',
    });
    expect(file.lines).toEqual({
      revision: 1,
      parents: 2,
      'depends-on': 3,
      'branch-labels': 4,
      message: 5,
      created: 6,
      transactional: 7,
      upgrade: 10,
      downgrade: 13,
    });
    expect(file.layout.eol).toBe('\n');
  });

  it('reads a merge (several parents), a base (no parents line) and the defaults', () => {
    const merge = parsed(
      '-- strata:revision aaaa00000001\n' +
        '-- strata:parents bbbb00000001,  cccc00000001 ,dddd00000001\n-- strata:upgrade\n',
    );
    expect(merge.data.parents).toEqual(['bbbb00000001', 'cccc00000001', 'dddd00000001']);
    const base = parsed('-- strata:revision aaaa00000001\n-- strata:upgrade\nSELECT 1;\n');
    expect(base.data).toMatchObject({
      parents: [],
      dependsOn: [],
      branchLabels: [],
      message: '',
      created: undefined,
      transactional: true,
      downgradeSql: undefined,
    });
  });

  it('accepts odd spacing around headers and values', () => {
    const file = parsed(
      '--strata:revision   aaaa00000001\n   --   strata:message   x  \n' +
        '-- strata:parents\tbbbb00000001\t\n-- strata:upgrade\n',
    );
    expect(file.data.id).toBe('aaaa00000001');
    expect(file.data.message).toBe('x');
    expect(file.data.parents).toEqual(['bbbb00000001']);
  });

  it('keeps extra comment lines in the header out of the data', () => {
    const file = parsed(
      '-- strata:revision aaaa00000001\n-- Reviewed by the DBA team.\n--\n' +
        '-- strata:message with comments\n\n-- strata:upgrade\nSELECT 1;\n',
    );
    expect(file.data.message).toBe('with comments');
    expect(file.data.upgradeSql).toBe('SELECT 1;\n');
    expect(file.lines.message).toBe(4);
  });

  it('reads a file without a downgrade section as one that cannot be taken back', () => {
    const file = parsed('-- strata:revision aaaa00000001\n\n-- strata:upgrade\nCREATE TABLE t (id int);\n');
    expect(file.data.downgradeSql).toBeUndefined();
    expect(file.lines.downgrade).toBeUndefined();
    expect(file.data.upgradeSql).toBe('CREATE TABLE t (id int);\n');
  });

  it('reads CRLF files and keeps CRLF as the layout line ending', () => {
    const file = parsed(BASIC.replace(/\n/g, '\r\n'));
    expect(file.layout.eol).toBe('\r\n');
    expect(file.data.message).toBe('add invoices table');
    expect(file.data.parents).toEqual(['1a2b3c4d5e6f']);
    expect(file.data.downgradeSql).toBe('DROP TABLE invoices;\r\n');
  });

  it("does not treat '-- strata:' lines inside the SQL sections as headers", () => {
    const file = parsed(
      '-- strata:revision aaaa00000001\n-- strata:upgrade\n-- strata:message not a header here\n' +
        'SELECT 1;\n-- strata:downgrade\n-- strata:parents nope\n',
    );
    expect(file.data.message).toBe('');
    expect(file.data.parents).toEqual([]);
    expect(file.data.upgradeSql).toBe('-- strata:message not a header here\nSELECT 1;\n');
    expect(file.data.downgradeSql).toBe('-- strata:parents nope\n');
  });
});

describe('parse errors name the line', () => {
  it('missing revision id', () => {
    const found = problems('-- strata:parents aaaa00000001\n-- strata:message x\n\n-- strata:upgrade\nSELECT 1;\n');
    expect(found).toEqual([{ file: 'broken.sql', line: 1, message: expect.stringContaining('strata:revision') }]);
  });

  it('empty or invalid revision id points at the revision line', () => {
    expect(problems('-- comment\n-- strata:revision\n-- strata:upgrade\n')).toEqual([
      { file: 'broken.sql', line: 2, message: expect.stringContaining('revision id') },
    ]);
    expect(problems('-- comment\n-- strata:revision ABC-1\n-- strata:upgrade\n')).toEqual([
      { file: 'broken.sql', line: 2, message: expect.stringContaining("'ABC-1'") },
    ]);
  });

  it('unknown header, named in the message', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\n-- strata:message x\n-- strata:foo bar\n-- strata:upgrade\n',
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(3);
    expect(found[0]?.message).toContain("'-- strata:foo'");
  });

  it('a misspelt header is reported, not silently read as a comment', () => {
    // A typo must not drop a dependency or a label without a word.
    for (const header of ['depends_on', 'Message', 'branch-labels2']) {
      const found = problems(`-- strata:revision aaaa00000001\n-- strata:${header} bbbb00000001\n-- strata:upgrade\n`);
      expect(found).toHaveLength(1);
      expect(found[0]?.line).toBe(2);
      expect(found[0]?.message).toContain(`'-- strata:${header}'`);
    }
  });

  it('no upgrade section', () => {
    const found = problems('-- strata:revision aaaa00000001\n-- strata:message x\n\n');
    expect(found).toEqual([
      { file: 'broken.sql', line: 3, message: expect.stringContaining("no '-- strata:upgrade' section") },
    ]);
  });

  it('downgrade marker before the upgrade marker', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\n-- strata:downgrade\n' +
        'DROP TABLE t;\n-- strata:upgrade\nCREATE TABLE t (id int);\n',
    );
    expect(found.map((p) => p.line)).toEqual([2, 3]);
    expect(found[0]?.message).toContain('before');
  });

  it('SQL before the upgrade marker', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\n\nCREATE TABLE t (id int);\n-- strata:upgrade\nSELECT 1;\n',
    );
    expect(found).toEqual([
      { file: 'broken.sql', line: 3, message: expect.stringContaining("SQL before '-- strata:upgrade'") },
    ]);
  });

  it('duplicate header, pointing at the second one and naming the first', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\n-- strata:message one\n-- x\n-- strata:message two\n-- strata:upgrade\n',
    );
    expect(found).toEqual([
      { file: 'broken.sql', line: 4, message: expect.stringMatching(/'message' appears twice \(first on line 2\)/) },
    ]);
  });

  it('bad transactional value', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\n-- strata:message x\n-- strata:transactional no\n\n-- strata:upgrade\n',
    );
    expect(found).toEqual([
      { file: 'broken.sql', line: 3, message: "'transactional' must be true or false, not 'no'" },
    ]);
  });

  it('second upgrade or downgrade section', () => {
    expect(
      problems('-- strata:revision aaaa00000001\n-- strata:upgrade\nA;\n-- strata:upgrade\nB;\n').map((p) => p.line),
    ).toEqual([4]);
    expect(
      problems(
        '-- strata:revision aaaa00000001\n-- strata:upgrade\nA;\n-- strata:downgrade\nB;\n-- strata:downgrade\n',
      ).map((p) => p.line),
    ).toEqual([6]);
  });

  it('bad references and labels point at their header line', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\n-- strata:parents bbbb-0001\n' +
        '-- strata:depends-on C1\n-- strata:branch-labels 9lives\n-- strata:upgrade\n',
    );
    expect(found.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(found[0]?.message).toContain("'bbbb-0001'");
    expect(found[1]?.message).toContain("'C1'");
    expect(found[2]?.message).toContain("'9lives'");
  });

  it('line numbers count CRLF lines the same way', () => {
    const found = problems(
      '-- strata:revision aaaa00000001\r\n-- strata:message x\r\n-- strata:foo\r\n-- strata:upgrade\r\n',
    );
    expect(found.map((p) => p.line)).toEqual([3]);
  });

  it('reports every problem, not only the first', () => {
    const found = problems('-- strata:foo\nSELECT 1;\n-- strata:transactional maybe\n');
    expect(found.map((p) => p.line).sort((a, b) => a - b)).toEqual([1, 1, 2, 3, 3]);
  });
});

describe('byte-stable round trip', () => {
  it('covers both sample projects', () => {
    expect(sampleFiles.length).toBe(31 + 14);
  });

  it.each(sampleFiles.map((f) => [f.slice(resolve('.').length + 1), f]))('%s', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    expect(roundTrip(text)).toBe(text);
    // The same file with Windows line endings is stable too.
    const crlf = text.replace(/\n/g, '\r\n');
    expect(roundTrip(crlf)).toBe(crlf);
  });

  it.each([
    [
      'odd spacing',
      '--strata:revision   aaaa00000001  \n  --strata:message   x  \n' +
        '-- strata:parents bbbb00000001 ,cccc00000001\n\n--  strata:upgrade  \nSELECT 1;\n',
    ],
    [
      'extra header comments',
      '-- strata:revision aaaa00000001\n-- Reviewed by the DBA team.\n--\n-- strata:message with comments\n' +
        '\n\n-- strata:upgrade\nSELECT 1;\n\n-- strata:downgrade\nSELECT 2;\n',
    ],
    ['no downgrade', '-- strata:revision aaaa00000001\n\n-- strata:upgrade\nCREATE TABLE t (id int);\n'],
    ['no final newline', '-- strata:revision aaaa00000001\n-- strata:upgrade\nSELECT 1;'],
    ['empty sections', '-- strata:revision aaaa00000001\n-- strata:upgrade\n-- strata:downgrade\n'],
    ['marker is the last line', '-- strata:revision aaaa00000001\n-- strata:upgrade'],
    [
      'CRLF with blank lines',
      '-- strata:revision aaaa00000001\r\n\r\n-- strata:upgrade\r\n' +
        'SELECT 1;\r\n\r\n\r\n-- strata:downgrade\r\nSELECT 2;\r\n\r\n',
    ],
    [
      'explicit defaults',
      '-- strata:revision aaaa00000001\n-- strata:parents none\n-- strata:depends-on\n-- strata:branch-labels\n' +
        '-- strata:message\n-- strata:created\n-- strata:transactional true\n-- strata:upgrade\n',
    ],
    [
      'trailing blanks in SQL',
      '-- strata:revision aaaa00000001\n-- strata:upgrade\nSELECT 1;   \n\t\n-- strata:downgrade\nSELECT 2;  ',
    ],
  ])('%s', (_name, text) => {
    expect(roundTrip(text)).toBe(text);
  });

  it('a new file is written in the documented layout and reads back to the same revision', () => {
    const data: RevisionFileData = {
      ...parsed(BASIC).data,
      upgradeSql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);\n',
      downgradeSql: 'DROP TABLE invoices;\n',
    };
    const text = renderRevisionFile(data);
    expect(text).toBe(BASIC);
    // The blank line before the downgrade marker belongs to the upgrade section when read
    // back; the checksum does not count it.
    const back = parsed(text).data;
    expect({ ...back, upgradeSql: data.upgradeSql }).toEqual(data);
    expect(revisionChecksum(back)).toBe(revisionChecksum(data));
  });

  it('a new file with an empty message and SQL without final newlines', () => {
    const data: RevisionFileData = {
      ...parsed('-- strata:revision aaaa00000001\n-- strata:upgrade\n').data,
      upgradeSql: 'SELECT 1;',
      downgradeSql: 'SELECT 2;',
    };
    const text = renderRevisionFile(data);
    expect(text).toBe(
      '-- strata:revision aaaa00000001\n\n-- strata:upgrade\nSELECT 1;\n\n-- strata:downgrade\nSELECT 2;\n',
    );
    expect(renderRevisionFile(parsed(text).data, parsed(text).layout)).toBe(text);
  });
});

describe('re-rendering only what changed', () => {
  const original = parsed(BASIC);
  const render = (change: Partial<RevisionFileData>, file: ParsedRevisionFile = original): string =>
    renderRevisionFile({ ...file.data, ...change }, file.layout);

  it('changing the parents re-renders only the parents line', () => {
    const text = render({ parents: [asRevisionId('1a2b3c4d5e6f'), asRevisionId('0123456789ab')] });
    expect(changedLines(BASIC, text)).toEqual([2]);
    expect(text.split('\n')[1]).toBe('-- strata:parents 1a2b3c4d5e6f, 0123456789ab');
  });

  it('changing the message re-renders only the message line', () => {
    const text = render({ message: 'add invoices and lines' });
    expect(changedLines(BASIC, text)).toEqual([5]);
    expect(parsed(text).data.message).toBe('add invoices and lines');
  });

  it('a field whose meaning did not change keeps its odd spelling', () => {
    const odd = parsed(
      '--strata:revision  aaaa00000001\n-- strata:parents bbbb00000001 ,  cccc00000001\n' +
        '--strata:message   x  \n-- strata:upgrade\n',
    );
    const same = renderRevisionFile(
      { ...odd.data, parents: [asRevisionId('bbbb00000001'), asRevisionId('cccc00000001')], message: 'x' },
      odd.layout,
    );
    expect(same).toBe(
      '--strata:revision  aaaa00000001\n-- strata:parents bbbb00000001 ,  cccc00000001\n' +
        '--strata:message   x  \n-- strata:upgrade\n',
    );
  });

  it('keeps CRLF on a re-rendered line', () => {
    const crlf = BASIC.replace(/\n/g, '\r\n');
    const file = parsed(crlf);
    const text = render({ message: 'changed' }, file);
    expect(changedLines(crlf, text)).toEqual([5]);
    expect(text.split('\r\n')[4]).toBe('-- strata:message changed');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('a field set to its default disappears; a new field is added after the last header', () => {
    const withoutLabel = render({ branchLabels: [] });
    expect(withoutLabel).toBe(BASIC.replace('-- strata:branch-labels billing\n', ''));
    const base = parsed(
      '-- strata:revision aaaa00000001\n-- strata:message x\n-- a note\n\n-- strata:upgrade\nSELECT 1;\n',
    );
    const text = renderRevisionFile(
      { ...base.data, parents: [asRevisionId('bbbb00000001')], transactional: false },
      base.layout,
    );
    expect(text).toBe(
      '-- strata:revision aaaa00000001\n-- strata:message x\n-- strata:parents bbbb00000001\n' +
        '-- strata:transactional false\n-- a note\n\n-- strata:upgrade\nSELECT 1;\n',
    );
    expect(parsed(text).data).toEqual({ ...base.data, parents: ['bbbb00000001'], transactional: false });
  });

  it('new SQL replaces only its section and the file reads back with it', () => {
    const text = render({ upgradeSql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);\n\n' });
    expect(changedLines(BASIC, text)).toEqual([10]);
    expect(parsed(text).data.upgradeSql).toBe('CREATE TABLE invoices (id bigint PRIMARY KEY);\n\n');
  });

  it('new SQL without a final newline does not swallow the marker after it', () => {
    const text = render({ upgradeSql: 'SELECT 1;', downgradeSql: 'SELECT 2;' });
    const back = parsed(text).data;
    expect(back.upgradeSql).toBe('SELECT 1;\n');
    expect(back.downgradeSql).toBe('SELECT 2;');
    const atEnd = parsed('-- strata:revision aaaa00000001\n-- strata:upgrade');
    const filled = renderRevisionFile({ ...atEnd.data, upgradeSql: 'SELECT 1;\n' }, atEnd.layout);
    expect(parsed(filled).data.upgradeSql).toBe('SELECT 1;\n');
  });

  it('adding a downgrade section to a file without one', () => {
    const file = parsed('-- strata:revision aaaa00000001\n\n-- strata:upgrade\nCREATE TABLE t (id int);\n');
    const text = renderRevisionFile({ ...file.data, downgradeSql: 'DROP TABLE t;\n' }, file.layout);
    expect(text).toBe(
      '-- strata:revision aaaa00000001\n\n-- strata:upgrade\n' +
        'CREATE TABLE t (id int);\n\n-- strata:downgrade\nDROP TABLE t;\n',
    );
  });
});

describe('revisionChecksum', () => {
  const data = {
    upgradeSql: 'CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n',
    downgradeSql: 'DROP TABLE t;\n',
  };

  it('is a sha256 hex digest', () => {
    expect(revisionChecksum(data)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the digest version tables already hold: sha256 of upgrade, NUL, downgrade', () => {
    // Version tables hold these: any other digest would report every applied revision as edited.
    expect(revisionChecksum({ upgradeSql: 'CREATE TABLE t (id INTEGER);\n', downgradeSql: ' DROP TABLE t;  \n' })).toBe(
      'e20e0c6d76dea2efb2d98df59215da3e67068a6e22f5c4187a26ca182fb142f3',
    );
    expect(revisionChecksum({ upgradeSql: '', downgradeSql: undefined })).toBe(
      createHash('sha256').update('\0').digest('hex'),
    );
  });

  it('ignores CRLF against LF and trailing blanks', () => {
    const base = revisionChecksum(data);
    expect(
      revisionChecksum({
        upgradeSql: data.upgradeSql.replace(/\n/g, '\r\n'),
        downgradeSql: data.downgradeSql.replace(/\n/g, '\r\n'),
      }),
    ).toBe(base);
    expect(
      revisionChecksum({
        upgradeSql: 'CREATE TABLE t (id int);   \n\t\nINSERT INTO t VALUES (1);\n\n\n',
        downgradeSql: 'DROP TABLE t;  ',
      }),
    ).toBe(base);
  });

  it('is the same for a sample file read with LF or CRLF', () => {
    const path = sampleFiles.find((f) => f.includes('b6bb1487d551')) as string;
    const text = readFileSync(path, 'utf8');
    expect(revisionChecksum(parsed(text.replace(/\n/g, '\r\n')).data)).toBe(revisionChecksum(parsed(text).data));
  });

  it('changes when the SQL changes', () => {
    const base = revisionChecksum(data);
    expect(revisionChecksum({ ...data, upgradeSql: data.upgradeSql.replace('(1)', '(2)') })).not.toBe(base);
    expect(revisionChecksum({ ...data, downgradeSql: 'DROP TABLE IF EXISTS t;\n' })).not.toBe(base);
    expect(revisionChecksum({ ...data, upgradeSql: data.upgradeSql.replace('id int', 'id  int') })).not.toBe(base);
  });

  it('does not let SQL move between sections unnoticed', () => {
    expect(revisionChecksum({ upgradeSql: 'A;\nB;\n', downgradeSql: '' })).not.toBe(
      revisionChecksum({ upgradeSql: 'A;\n', downgradeSql: 'B;\n' }),
    );
  });
});

describe('slugify', () => {
  it('gives the file names of the sample revisions', () => {
    for (const path of sampleFiles) {
      const { data } = parsed(readFileSync(path, 'utf8'));
      expect(path.endsWith(`/${data.id}_${slugify(data.message)}.sql`), path).toBe(true);
    }
  });

  it('lowercases, joins words with _, cuts at 40 characters without a trailing _', () => {
    expect(slugify('Add  Invoices: table!')).toBe('add_invoices_table');
    expect(slugify('a'.repeat(39) + ' b')).toBe('a'.repeat(39));
    expect(slugify('x'.repeat(60))).toHaveLength(40);
    expect(slugify('!!!')).toBe('revision');
    expect(slugify('')).toBe('revision');
  });
});

// Two checks users know from the peer linters: a rewrite with no statement_timeout (or a long
// one) around it, and a foreign key whose referencing columns have no index by the end of the
// file — decided at the end, since migrations often create that index a few statements later.
import { beforeAll, describe, expect, it } from 'vitest';
import { allFindings, lint, revisionText, ruleIds } from '../../../test/support/lint-helpers.ts';
import { LintHistory } from './history.ts';
import type { FileReport } from './types.ts';
import { loadParser } from './parse.ts';

beforeAll(loadParser);

const TIMEOUT = 'statement-timeout-around-rewrite';
const FK_INDEX = 'foreign-key-without-index';

describe(TIMEOUT, () => {
  const rewrite = 'ALTER TABLE child ALTER COLUMN n TYPE bigint;';

  it('fires on a rewrite with none, with a long one, or after RESET / = 0', () => {
    expect(ruleIds(lint(rewrite))).toContain(TIMEOUT);
    for (const set of [
      "SET statement_timeout = '10min';",
      'SET statement_timeout = 600000;',
      "SET statement_timeout = '2h';",
    ])
      expect(ruleIds(lint(`${set}\n${rewrite}`)), set).toContain(TIMEOUT);
    for (const off of ['RESET statement_timeout;', 'SET statement_timeout = 0;', 'SET statement_timeout TO DEFAULT;'])
      expect(ruleIds(lint(`SET statement_timeout = '30s';\n${off}\n${rewrite}`)), off).toContain(TIMEOUT);
    const message = allFindings(lint(`SET statement_timeout = '10min';\n${rewrite}`)).find((f) => f.rule === TIMEOUT);
    expect(message?.message).toMatch(/rewrites child under ACCESS EXCLUSIVE with statement_timeout = 10 min/);
  });

  it('is silent with a short one (SET, SET LOCAL, the runner’s), and on what does not rewrite', () => {
    for (const set of [
      "SET statement_timeout = '30s';",
      "SET LOCAL statement_timeout = '1min';",
      'SET statement_timeout = 5000;',
    ])
      expect(ruleIds(lint(`${set}\n${rewrite}`)), set).not.toContain(TIMEOUT);
    expect(ruleIds(lint(rewrite, { statementTimeoutFromRunner: 30_000 }))).not.toContain(TIMEOUT);
    expect(ruleIds(lint(rewrite, { statementTimeoutFromRunner: 600_000 }))).toContain(TIMEOUT);
    // Not a rewrite: a widening, a new table, a scan without rewrite.
    expect(ruleIds(lint('ALTER TABLE child ALTER COLUMN email TYPE varchar(200);'))).not.toContain(TIMEOUT);
    expect(ruleIds(lint('CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;'))).not.toContain(TIMEOUT);
    expect(ruleIds(lint('ALTER TABLE child ALTER COLUMN email SET NOT NULL;'))).not.toContain(TIMEOUT);
  });

  it('is reported once per revision', () => {
    const report = lint(revisionText(`${rewrite}\nALTER TABLE child ALTER COLUMN amount TYPE numeric(12,3);`));
    expect(allFindings(report).filter((f) => f.rule === TIMEOUT)).toHaveLength(1);
  });
});

describe(FK_INDEX, () => {
  const create = 'CREATE TABLE orders (id int PRIMARY KEY, parent_id bigint REFERENCES parent (id));';

  it('fires on a key still without an index at the end of the file, on the statement that added it', () => {
    const report = lint(`${create}\nCREATE INDEX orders_id_idx ON orders (id, parent_id);`);
    const hits = report.statements.map((s) => s.findings.filter((f) => f.rule === FK_INDEX).length);
    expect(hits).toEqual([1, 0]);
    expect(allFindings(report).find((f) => f.rule === FK_INDEX)?.message).toMatch(
      /no index on orders \(parent_id\) by the end of the file, for its foreign key to parent/,
    );
    // Table constraints, added columns and constraints on a table whose indexes are known.
    expect(ruleIds(lint('CREATE TABLE o (a bigint, b bigint, FOREIGN KEY (a, b) REFERENCES x (a, b));'))).toContain(
      FK_INDEX,
    );
    expect(ruleIds(lint('ALTER TABLE child ADD COLUMN p2 bigint REFERENCES parent (id);'))).toContain(FK_INDEX);
    expect(
      ruleIds(lint('ALTER TABLE child ADD CONSTRAINT child_n_fk FOREIGN KEY (n) REFERENCES parent (id) NOT VALID;')),
    ).toContain(FK_INDEX);
  });

  it('is silent when an index leads with the key’s columns, made later in the file or before', () => {
    const safe = [
      `${create}\nCREATE INDEX orders_parent_id_idx ON orders (parent_id);`,
      `${create}\nCREATE INDEX CONCURRENTLY orders_parent_id_idx ON orders (parent_id, id);`,
      `${create}\nALTER TABLE orders ADD CONSTRAINT orders_parent_key UNIQUE (parent_id);`,
      'CREATE TABLE profile (parent_id bigint PRIMARY KEY REFERENCES parent (id));',
      'CREATE TABLE o (a bigint, b bigint, FOREIGN KEY (a, b) REFERENCES x (a, b));\nCREATE INDEX ON o (b, a, id);',
      // child (parent_id) is indexed already.
      'ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;',
      // A table whose indexes lint cannot know is not judged.
      'ALTER TABLE unknown_t ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES parent (id) NOT VALID;',
      // Dropped by the end of the file: nothing is left to index.
      `${create}\nDROP TABLE orders;`,
      // A partition's keys and indexes come from its parent.
      "CREATE TABLE logs_2027 PARTITION OF logs FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');",
    ];
    for (const sql of safe) expect(ruleIds(lint(sql)), sql).not.toContain(FK_INDEX);
    expect(ruleIds(lint(revisionText(`${create}\nCREATE INDEX i ON orders (parent_id);`)))).not.toContain(FK_INDEX);
  });

  it('in a history, a file’s own index settles it, and a key never indexed stands', () => {
    const history = new LintHistory({});
    history.lint('CREATE TABLE parent (id bigint PRIMARY KEY);\n', '001.sql');
    const first = history.lint(`${create}\n`, '002.sql');
    expect(ruleIds(first)).toContain(FK_INDEX);
    // The next file knows the table, and so its indexes: a key added there with its index is fine.
    const second = history.lint(
      'ALTER TABLE orders ADD COLUMN p2 bigint REFERENCES parent (id);\nCREATE INDEX orders_p2_idx ON orders (p2);\n',
      '003.sql',
    );
    expect(ruleIds(second)).not.toContain(FK_INDEX);
  });

  it('in a history (a folder), an index created by a later file settles a key an earlier file added', () => {
    const history = new LintHistory({});
    const parent = history.add('CREATE TABLE parent (id bigint PRIMARY KEY);\n', '001.sql');
    // Held back: a later file may still create the index.
    expect(history.add(`${create}\n`, '002.sql')).toEqual([]);
    const later = history.add('ALTER TABLE orders ADD COLUMN note text;\n', '003.sql');
    expect(later).toEqual([]);
    const indexed = history.add('CREATE INDEX orders_parent_id_idx ON orders (parent_id);\n', '004.sql');
    expect(indexed.map((r) => r.file)).toEqual(['002.sql', '003.sql', '004.sql']);
    expect(ruleIds(indexed[0] as FileReport)).not.toContain(FK_INDEX);
    expect(parent.map((r) => r.file)).toEqual(['001.sql']);
    expect(history.finish()).toEqual([]);
  });

  it('in a history taken file by file (lint), a later index is told to onTakeBack, out of the report', () => {
    const history = new LintHistory({});
    const heard: { file: string; rule: string }[] = [];
    history.onTakeBack((report, finding) => {
      heard.push({ file: report.file, rule: finding.rule });
      expect(allFindings(report)).not.toContain(finding);
    });
    history.lint('CREATE TABLE parent (id bigint PRIMARY KEY);\n', '001.sql');
    const keyed = history.lint(`${create}\n`, '002.sql');
    expect(ruleIds(keyed)).toContain(FK_INDEX);
    history.lint('ALTER TABLE orders ADD COLUMN note text;\n', '003.sql');
    expect(heard).toEqual([]);
    history.lint('CREATE INDEX orders_parent_id_idx ON orders (parent_id);\n', '004.sql');
    expect(heard).toEqual([{ file: '002.sql', rule: FK_INDEX }]);
    expect(ruleIds(keyed)).not.toContain(FK_INDEX);
  });

  it('in a history, a key whose index no later file creates is reported at the end, in order', () => {
    const history = new LintHistory({});
    history.add('CREATE TABLE parent (id bigint PRIMARY KEY);\n', '001.sql');
    expect(history.add(`${create}\n`, '002.sql')).toEqual([]);
    // An index on other columns, and one on another table, settle nothing.
    expect(history.add('CREATE INDEX orders_id_idx ON orders (id, parent_id);\n', '003.sql')).toEqual([]);
    expect(
      history.add('CREATE TABLE other (parent_id bigint);\nCREATE INDEX ON other (parent_id);\n', '004.sql'),
    ).toEqual([]);
    // A down file's index is taken back with it: it settles nothing either.
    expect(history.add('CREATE INDEX orders_p_idx ON orders (parent_id);\n', '0004_x.down.sql')).toEqual([]);
    const rest = history.finish();
    expect(rest.map((r) => r.file)).toEqual(['002.sql', '003.sql', '004.sql', '0004_x.down.sql']);
    const found = allFindings(rest[0] as FileReport).filter((f) => f.rule === FK_INDEX);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/no index on orders \(parent_id\) by the last file of the history/);
  });

  it('a strata:ignore or an "off" level silences it', () => {
    expect(ruleIds(lint(`-- strata:ignore ${FK_INDEX} lookup table, never deleted from\n${create}`))).not.toContain(
      FK_INDEX,
    );
    expect(ruleIds(lint(create, { rules: { [FK_INDEX]: 'off' } }))).not.toContain(FK_INDEX);
  });
});

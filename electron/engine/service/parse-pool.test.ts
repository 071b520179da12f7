// The parse workers of `strata lint` over many files: whatever they read and parse, the lint
// that follows must be the one the plain path (read and parse on the linting thread) gives,
// finding for finding, on a realistic multi-file history with the odd cases mixed in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLintCorpus } from '../../../bench/lint/corpus.ts';
import { revisionText } from '../../../test/support/lint-helpers.ts';
import { LintHistory } from '../lint/history.ts';
import { jsonRows } from '../lint/json-report.ts';
import { loadParser } from '../lint/parse.ts';
import type { FileReport } from '../lint/types.ts';
import { historyFiles } from '../usecases/lint.ts';
import { MIN_POOL_FILES, ParsePool, parseWorkerCount } from './parse-pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-parse-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bench's corpus, with what takes other paths: syntax errors, a revision, a down file, non-ASCII text. */
function history(): string[] {
  const corpus = writeLintCorpus(join(dir, 'migrations'), 60);
  const extra: Record<string, string> = {
    '0010_broken.sql': 'ALTER TABLE orders ADD COLUMN x int;\nCREATE TABLE (;\nCREATE INDEX i ON orders (x);\n',
    '0020_one_broken.sql': 'SELEC 1\n',
    '0030_revision.sql': revisionText('ALTER TABLE accounts ADD COLUMN y int;\nCREATE INDEX y_idx ON accounts (y);'),
    '0040_x.up.sql': 'CREATE TABLE widgets (id int PRIMARY KEY, owner_id int REFERENCES accounts (id));\n',
    '0040_x.down.sql': 'DROP TABLE widgets;\n',
    '0050_unicode.sql':
      "-- café\nALTER TABLE größe ADD COLUMN naïve text DEFAULT 'ünï;cödé';\nUPDATE größe SET naïve = 'é';\n",
    '0055_empty.sql': '',
    '0056_comment.sql': '-- nothing but this\n',
    // The splitter and the parser see this rule body differently: parsed statement by statement.
    '0057_rule.sql': 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));\n',
  };
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, 'migrations', name), text);
  return [...corpus.files, ...Object.keys(extra).map((n) => join(dir, 'migrations', n))].sort();
}

async function lintAll(paths: readonly string[], workers: number): Promise<{ json: object; prepared: number }> {
  const files = historyFiles(paths, workers);
  const h = new LintHistory({});
  const reports: FileReport[] = [];
  let prepared = 0;
  try {
    for (let i = 0; i < paths.length; i++) {
      const read = await files.take(i);
      if (!read.ok) throw new Error(read.message);
      if (read.prepared) prepared++;
      reports.push(...h.add(read.text, basename(paths[i] as string), paths[i], read.prepared));
    }
  } finally {
    files.close();
  }
  reports.push(...h.finish());
  return { json: jsonRows(reports), prepared };
}

describe('parse workers', () => {
  beforeAll(loadParser);

  it('start only for enough files, and never more than the cores beside the linting thread', () => {
    expect(parseWorkerCount(1, 8)).toBe(0);
    expect(parseWorkerCount(MIN_POOL_FILES - 1, 8)).toBe(0);
    expect(parseWorkerCount(MIN_POOL_FILES, 2)).toBe(1);
    expect(parseWorkerCount(1000, 1)).toBe(0);
    expect(parseWorkerCount(1000, 2)).toBe(1);
    expect(parseWorkerCount(1000, 3)).toBe(2);
    expect(parseWorkerCount(100_000, 64)).toBe(4);
  });

  it('give the findings the plain path gives, on a history of 69 files', { timeout: 60_000 }, async () => {
    const paths = history();
    const plain = await lintAll(paths, 0);
    const pooled = await lintAll(paths, 2);
    expect(pooled.json).toEqual(plain.json);
    expect(JSON.stringify(pooled.json)).toContain('syntax-error');
    // Everything but the revision was parsed on a worker; the plain path parses nothing ahead.
    expect(pooled.prepared).toBe(paths.length - 1);
    expect(plain.prepared).toBe(0);
  });

  it('report a file that cannot be read in its place, after the files before it', { timeout: 60_000 }, async () => {
    const paths = history().slice(0, 30);
    paths.splice(20, 0, join(dir, 'missing.sql'));
    const pool = new ParsePool(paths, 1);
    try {
      for (let i = 0; i < 20; i++) expect((await pool.take(i)).ok).toBe(true);
      expect(await pool.take(20)).toMatchObject({ ok: false, code: 'ENOENT' });
      expect((await pool.take(21)).ok).toBe(true);
    } finally {
      pool.close();
    }
  });
});

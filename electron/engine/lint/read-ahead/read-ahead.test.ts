// The read-ahead thread hands over every file in order, as this thread would have read and
// parsed it; an unreadable file is an entry of its own; whatever it has not delivered when
// it stops is read here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLintCorpus } from '../../../../bench/lint/corpus.ts';
import { fileTarget } from '../file-target.ts';
import { lintText } from '../lint-file.ts';
import { loadParser, parseTreeJson } from '../parse.ts';
import { ReadAhead, type AheadFile } from './read-ahead.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-read-ahead-'));
let paths: string[] = [];

beforeAll(async () => {
  await loadParser();
  paths = [...writeLintCorpus(join(dir, 'corpus'), 300).files];
  // A revision file (its upgrade section is what gets parsed) and a syntax error among them.
  writeFileSync(join(dir, 'rev.sql'), '-- strata:revision 0123456789ab\n-- strata:message m\n\n-- strata:upgrade\nCREATE INDEX i ON t (a);\n\n-- strata:downgrade\nDROP INDEX i;\n');
  writeFileSync(join(dir, 'broken.sql'), 'CREATE TABLE t (a int;\nSELECT 1;\n');
  paths.splice(150, 0, join(dir, 'rev.sql'), join(dir, 'missing.sql'), join(dir, 'broken.sql'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function takeAll(ahead: ReadAhead, count: number): Promise<AheadFile[]> {
  const out: AheadFile[] = [];
  for (let i = 0; i < count; i++) out.push(await ahead.next());
  return out;
}

function expectAsReadHere(files: readonly AheadFile[], from = 0): void {
  files.forEach((file, i) => {
    const path = paths[from + i] as string;
    expect(file.path).toBe(path);
    if (path.endsWith('missing.sql')) {
      expect(file).toMatchObject({ text: undefined, errorCode: 'ENOENT' });
      return;
    }
    const text = readFileSync(path, 'utf8');
    expect(file.text).toBe(text);
    if (file.text === undefined || file.tree === undefined) return;
    // The worker's parse is the one this thread would make of the same section.
    const found = fileTarget(text, path);
    expect(found.ok && parseTreeJson(found.target.section.text)).toBe(file.tree);
  });
}

describe('read-ahead', () => {
  it('delivers every file in order, parsed as this thread would, with unreadable files in place', async () => {
    const ahead = await ReadAhead.start(paths);
    try {
      expect(await ahead.delivering).toBe(true);
      const files = await takeAll(ahead, paths.length);
      expectAsReadHere(files);
      // Most come from the worker (a tree, or null for the syntax error), not from this thread.
      expect(files.filter((f) => f.text !== undefined && f.tree !== undefined).length).toBeGreaterThan(paths.length / 2);
      expect(files.find((f) => f.path.endsWith('broken.sql'))).toMatchObject({ tree: null });
      // Linting with the worker's tree is linting without it.
      for (const f of files.slice(140, 160)) {
        if (f.text !== undefined) expect(lintText(f.text, f.path, {}, undefined, f.tree)).toEqual(lintText(f.text, f.path));
      }
    } finally {
      ahead.close();
    }
  });

  it('reads here what the worker has not delivered when it stops', async () => {
    const ahead = await ReadAhead.start(paths);
    await ahead.delivering;
    const first = await takeAll(ahead, 20);
    ahead.close();
    const rest = await takeAll(ahead, paths.length - 20);
    expectAsReadHere(first);
    expectAsReadHere(rest, 20);
    // Past the worker's window (256 files ahead of the 20 taken), nothing came from it.
    expect(rest.slice(-40).every((f) => f.text === undefined || f.tree === undefined)).toBe(true);
  });
});

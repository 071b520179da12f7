// The load cache only ever saves work: a load through it gives the same project as a load
// without it, and any change to a file — added, deleted, renamed, rewritten in the same clock
// tick the cache was written — is seen. A forged entry is the probe: the load uses it while
// its file's stat says nothing changed before the cache was written, and must not once the
// file may have changed after (git's racily clean rule).
import { existsSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Revision } from '../../../shared/model/revision.ts';
import { chain, writeProject } from '../../../test/support/projects.ts';
import { CACHE_DIR, LoadCache, writeLoadCache, type CacheRecord } from './load-cache.ts';
import { loadProject, type Project } from './project.ts';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const specs = chain(12);
  specs[3] = { ...specs[3]!, labels: ['billing'], down: undefined };
  specs[5] = { ...specs[5]!, dependsOn: [specs[1]!.id], transactional: false, message: 'café – ünïcode' };
  const dir = writeProject('sqlite', specs);
  temps.push(dir);
  return dir;
}

const cacheFile = (dir: string): string => join(dir, CACHE_DIR, 'load-cache.bin');

/** Everything a load gives of a revision, checksum included. */
function snapshot(p: Project): unknown[] {
  return p.map.order.map((id) => {
    const r: Revision = p.map.get(id);
    return {
      id: r.id,
      parents: r.parents,
      dependsOn: r.dependsOn,
      branchLabels: r.branchLabels,
      message: r.message,
      created: r.created,
      transactional: r.transactional,
      upgradeSql: r.upgradeSql,
      downgradeSql: r.downgradeSql,
      upgradeLine: r.upgradeLine,
      downgradeLine: r.downgradeLine,
      file: r.file,
      lines: r.lines,
      checksum: r.checksum,
      labels: p.map.labelsOf(id),
      path: p.paths.get(id),
    };
  });
}

/** Pretends the cache was written `seconds` from now (its mtime is the racy reference). */
function ageCache(dir: string, seconds: number): void {
  const at = new Date(Date.now() + seconds * 1000);
  utimesSync(cacheFile(dir), at, at);
}

/** Rewrites the cache with one entry's message changed, keeping the file's real stat. */
function forgeMessage(dir: string, fileName: string, message: string): void {
  const cache = LoadCache.read(dir, join(dir, 'versions'));
  if (!cache) throw new Error('no cache to forge');
  const records: CacheRecord[] = [];
  for (let k = 0; k < cache.size; k++) {
    const r = cache.record(k);
    records.push(r.name === fileName ? { ...r, message } : r);
  }
  writeLoadCache(dir, join(dir, 'versions'), records);
}

describe('the load cache', () => {
  it('a load through the cache gives the same project as a load without it', () => {
    for (const dir of [project(), 'migrations-sample', 'migrations-sample/postgres']) {
      const plain = snapshot(loadProject(dir, { cache: false }));
      loadProject(dir); // writes (or refreshes) the cache
      ageCache(dir, 5);
      expect(snapshot(loadProject(dir))).toEqual(plain);
    }
  });

  it('is written beside strata.json, ignores itself for git, and not at all when switched off', () => {
    const dir = project();
    loadProject(dir, { cache: false });
    expect(existsSync(join(dir, CACHE_DIR))).toBe(false);
    const before = process.env.STRATA_LOAD_CACHE;
    process.env.STRATA_LOAD_CACHE = '0';
    try {
      loadProject(dir);
      expect(existsSync(join(dir, CACHE_DIR))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.STRATA_LOAD_CACHE;
      else process.env.STRATA_LOAD_CACHE = before;
    }
    loadProject(dir);
    expect(existsSync(cacheFile(dir))).toBe(true);
    expect(readFileSync(join(dir, CACHE_DIR, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('uses an entry whose file is unchanged since before the cache was written', () => {
    const dir = project();
    const name = 'c00000000004_rev.sql';
    loadProject(dir);
    forgeMessage(dir, name, 'forged');
    ageCache(dir, 5);
    // The positive control: without it the racy test below would pass on a cache never read.
    expect(loadProject(dir).map.get('c00000000004' as never).message).toBe('forged');
  });

  it('re-reads a file that may have changed in the clock tick the cache was written', () => {
    const dir = project();
    const name = 'c00000000004_rev.sql';
    loadProject(dir);
    forgeMessage(dir, name, 'forged');
    // The cache claims to be no newer than the file: same stat, but the file may have changed
    // after. (A second earlier, not equal: utimes takes milliseconds, stat gives nanoseconds.)
    const before = new Date(statSync(join(dir, 'versions', name)).mtimeMs - 1000);
    utimesSync(cacheFile(dir), before, before);
    expect(loadProject(dir).map.get('c00000000004' as never).message).toBe('revision c00000000004');
  });

  it('sees a rewrite of the same size with the old mtime put back (ctime moves)', async () => {
    const dir = project();
    const path = join(dir, 'versions', 'c00000000007_rev.sql');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path, hourAgo, hourAgo);
    loadProject(dir);
    // Past the filesystem's clock tick (a few ms), so the edit's ctime differs from the one recorded.
    await new Promise((done) => setTimeout(done, 50));
    const text = readFileSync(path, 'utf8');
    const edited = text.replace('CREATE TABLE t7', 'CREATE TABLE u7');
    expect(edited.length).toBe(text.length);
    writeFileSync(path, edited);
    utimesSync(path, hourAgo, hourAgo);
    // The cache now looks newer than the edit, so the racy rule does not catch it: only ctime can.
    ageCache(dir, 5);
    expect(loadProject(dir).map.get('c00000000007' as never).upgradeSql).toContain('CREATE TABLE u7');
  });

  it('sees files added, deleted and renamed, and a broken file stays an error', () => {
    const dir = project();
    const versions = join(dir, 'versions');
    loadProject(dir);
    ageCache(dir, 5);
    unlinkSync(join(versions, 'c00000000011_rev.sql'));
    expect(loadProject(dir).map.has('c00000000011')).toBe(false);
    renameSync(join(versions, 'c00000000010_rev.sql'), join(versions, 'c00000000010_renamed.sql'));
    const renamed = loadProject(dir);
    expect(renamed.map.get('c00000000010' as never).file).toMatch(/c00000000010_renamed\.sql$/);
    writeFileSync(
      join(versions, 'c00000000099_new.sql'),
      '-- strata:revision c00000000099\n-- strata:parents c00000000010\n\n-- strata:upgrade\nSELECT 1;\n',
    );
    expect(loadProject(dir).map.heads).toEqual(['c00000000099']);
    writeFileSync(join(versions, 'c00000000099_new.sql'), '-- strata:revision c00000000099\n-- strata:nonsense x\n');
    expect(() => loadProject(dir)).toThrow(/unknown header '-- strata:nonsense'/);
  });

  it('ignores a damaged or foreign cache file', () => {
    const dir = project();
    const plain = snapshot(loadProject(dir, { cache: false }));
    loadProject(dir);
    const bytes = readFileSync(cacheFile(dir));
    for (const damaged of [
      Buffer.from('not a cache'),
      bytes.subarray(0, bytes.length - 100),
      Buffer.concat([bytes, Buffer.from('x')]),
    ]) {
      writeFileSync(cacheFile(dir), damaged);
      ageCache(dir, 5);
      expect(snapshot(loadProject(dir))).toEqual(plain);
    }
    // Offsets out of order: a well-formed file that does not describe a blob.
    loadProject(dir);
    const good = readFileSync(cacheFile(dir));
    const headerEnd = good.indexOf('}') + 1;
    const numbersAt = (headerEnd + 7) & ~7;
    good.writeDoubleLE(1e9, numbersAt + 8);
    writeFileSync(cacheFile(dir), good);
    ageCache(dir, 5);
    expect(snapshot(loadProject(dir))).toEqual(plain);
  });
});

// Atomic writes. The failures are real ones, not mocks: a child process runs with a file size
// limit (ulimit -f, SIGXFSZ ignored), so its write stops with EFBIG part way through the
// text — where a plain writeFileSync leaves the file cut short.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.ts';

const BIG = `${'x'.repeat(99_999)}\n`;
/** 8 blocks: 4 KiB (512-byte blocks, POSIX sh) or 8 KiB; the texts written are far larger. */
const LIMIT_BLOCKS = 8;

let dir: string;
let child: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-atomic-'));
  // One bundle that makes each writer write a large text, its error code on stdout.
  const entry = join(dir, 'writers.ts');
  writeFileSync(
    entry,
    `import { writeFileAtomic } from ${JSON.stringify(resolve('electron/engine/project/atomic-write.ts'))};
import { loadProject, writeNewRevision } from ${JSON.stringify(resolve('electron/engine/project/project.ts'))};
import { ConnectionStore } from ${JSON.stringify(resolve('electron/engine/service/connection-store.ts'))};
const [what, path] = process.argv.slice(2);
const big = ${JSON.stringify(BIG)};
try {
  if (what === 'file') writeFileAtomic(path, big);
  if (what === 'revision') writeNewRevision(loadProject(path), { message: 'big', parents: [], upgradeSql: big });
  if (what === 'connections') new ConnectionStore(path).save({ name: big, settings: { kind: 'sqlite', path: ` +
      `'x.sqlite' }, protected: false });
  console.log('written');
} catch (error) {
  console.log(error.code ?? error.message);
}
`,
  );
  child = join(dir, 'writers.mjs');
  await build({
    entryPoints: [entry],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one writer under the file size limit; returns what it printed. */
function writeUnderLimit(what: string, path: string): string {
  const run = spawnSync(
    'sh',
    ['-c', `trap '' XFSZ; ulimit -f ${LIMIT_BLOCKS}; exec "$0" "$@"`, process.execPath, child, what, path],
    { encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('writeFileAtomic', () => {
  it('replaces the text, keeps the mode, writes through a symbolic link and leaves no temporary file', () => {
    const at = folder('replace');
    writeFileSync(join(at, 'a.sql'), 'old\n');
    chmodSync(join(at, 'a.sql'), 0o640);
    symlinkSync('a.sql', join(at, 'link.sql'));
    writeFileAtomic(join(at, 'link.sql'), 'new ü\n');
    expect(readFileSync(join(at, 'a.sql'), 'utf8')).toBe('new ü\n');
    expect(statSync(join(at, 'a.sql')).mode & 0o777).toBe(0o640);
    expect(readdirSync(at).sort()).toEqual(['a.sql', 'link.sql']);
  });

  it('exclusive: refuses an existing file with EEXIST and leaves it as it was', () => {
    const at = folder('exclusive');
    writeFileAtomic(join(at, 'n.sql'), 'first\n', { exclusive: true });
    expect(() => writeFileAtomic(join(at, 'n.sql'), 'second\n', { exclusive: true })).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readFileSync(join(at, 'n.sql'), 'utf8')).toBe('first\n');
    expect(readdirSync(at)).toEqual(['n.sql']);
  });

  it('a write that fails part way leaves the old file intact and no temporary file', () => {
    const at = folder('fails');
    const file = join(at, 'rev.sql');
    writeFileSync(file, 'old text\n');
    expect(writeUnderLimit('file', file)).toBe('EFBIG');
    expect(readFileSync(file, 'utf8')).toBe('old text\n');
    expect(readdirSync(at)).toEqual(['rev.sql']);
  });
});

describe('the project and the connections store write atomically', () => {
  it('a new revision file that cannot be written whole is not left behind, half or temporary', () => {
    const project = folder('project');
    writeFileSync(join(project, 'strata.json'), '{ "dialect": "sqlite", "versions": "versions" }\n');
    const versions = folder('project/versions');
    expect(writeUnderLimit('revision', project)).toMatch(/cannot be written/);
    expect(readdirSync(versions)).toEqual([]);
  });

  it('a connections store that cannot be written whole keeps its old file', () => {
    const config = folder('config');
    const file = join(config, 'connections.json');
    const stored = { id: 'c1', name: 'staging', settings: { kind: 'sqlite', path: 's.sqlite' }, protected: false };
    const before = `${JSON.stringify({ connections: [stored] }, null, 2)}\n`;
    writeFileSync(file, before);
    expect(writeUnderLimit('connections', config)).toBe('EFBIG');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(config)).toEqual(['connections.json']);
  });
});

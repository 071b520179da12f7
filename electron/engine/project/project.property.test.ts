// Fuzzed project files: random bytes, random headers, mutations of the sample's own
// revision files, random strata.json documents and bytes. Whatever is on disk, a load
// either succeeds or refuses with ProjectLoadError, and every problem names its file and a
// line inside it (0: the file as a whole). Nothing else is ever thrown.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { copySample, writeProject, chain } from '../../../test/support/projects.ts';
import { ProjectLoadError, type ProjectProblem } from './errors.ts';
import { loadProject, readConfig } from './project.ts';
import { parseRevisionFile } from './revision-file.ts';
import { parseStrataConfig } from './strata-config.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function lineCount(bytes: Buffer | string): number {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return text.split('\n').length;
}

/** Loads, and returns the problems of a refusal (none for a success); anything else fails the test. */
function problemsOf(load: () => unknown): readonly ProjectProblem[] {
  try {
    load();
    return [];
  } catch (error) {
    if (!(error instanceof ProjectLoadError))
      throw new Error(`not a ProjectLoadError: ${error instanceof Error ? error.stack : String(error)}`, {
        cause: error,
      });
    expect(error.problems.length).toBeGreaterThan(0);
    return error.problems;
  }
}

/** Every problem names one of `files` and a line within it. */
function expectLocated(problems: readonly ProjectProblem[], files: ReadonlyMap<string, Buffer | string>): void {
  for (const p of problems) {
    const named = [...files.keys()].find((f) => p.file.endsWith(f));
    expect(named, `${p.file} is one of the files written`).toBeDefined();
    expect(Number.isInteger(p.line)).toBe(true);
    expect(p.line).toBeGreaterThanOrEqual(0);
    expect(p.line).toBeLessThanOrEqual(lineCount(files.get(named as string) as Buffer | string) + 1);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

const HEADER_KEYS = [
  'revision',
  'parents',
  'depends-on',
  'branch-labels',
  'message',
  'created',
  'transactional',
  'upgrade',
  'downgrade',
  'wat',
  '',
];
const headerLine = fc
  .tuple(
    fc.constantFrom(...HEADER_KEYS),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('c00000000000', 'none', 'true', 'false', 'a, b', '')),
    fc.constantFrom('\n', '\r\n', ''),
  )
  .map(([k, v, eol]) => `-- strata:${k} ${v}${eol}`);
const anyLine = fc.oneof(
  headerLine,
  fc.string({ maxLength: 30 }).map((s) => `${s}\n`),
  fc.constantFrom('SELECT 1;\n', '\n', '--\n', '\uFEFF-- strata:upgrade\n'),
);
const headerFile = fc.array(anyLine, { maxLength: 14 }).map((lines) => lines.join(''));
const randomBytes = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b));

describe('revision files, fuzzed', () => {
  it('random headers and lines: parsed, or refused with problems inside the file', () => {
    fc.assert(
      fc.property(headerFile, (text) => {
        const parsed = parseRevisionFile(text, 'versions/x.sql');
        if (parsed.ok) return;
        expectLocated(parsed.problems, new Map([['versions/x.sql', text]]));
      }),
      { numRuns: 400 },
    );
  });

  it('random bytes or random headers beside a good revision: loaded, or refused naming the file and line', () => {
    const dir = writeProject('sqlite', chain(2));
    temps.push(dir);
    const path = join(dir, 'versions', 'zz_fuzz.sql');
    fc.assert(
      fc.property(
        fc.oneof(
          randomBytes,
          headerFile.map((t) => Buffer.from(t)),
        ),
        fc.boolean(),
        (bytes, cache) => {
          writeFileSync(path, bytes);
          expectLocated(
            problemsOf(() => loadProject(dir, { cache })),
            new Map([
              ['zz_fuzz.sql', bytes],
              ...readdirSync(join(dir, 'versions')).map((f) => [f, readFileSync(join(dir, 'versions', f))] as const),
            ]),
          );
        },
      ),
      { numRuns: 120 },
    );
  });

  it('bytes that are not UTF-8 are always refused, at the line of the first bad byte', () => {
    const dir = writeProject('sqlite', chain(1));
    temps.push(dir);
    const path = join(dir, 'versions', 'zz_fuzz.sql');
    const valid = headerFile.map((t) => Buffer.from(t));
    // A valid file with a few bytes put anywhere: mostly not UTF-8, sometimes still UTF-8.
    const damaged = fc
      .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff })), { minLength: 1, maxLength: 3 }))
      .map(([bytes, hits]) => {
        const out = Buffer.concat([bytes, Buffer.from('x')]);
        for (const [at, byte] of hits) out[at % out.length] = byte;
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(damaged, randomBytes), fc.boolean(), (bytes, cache) => {
        writeFileSync(path, bytes);
        const bad = firstBadLine(bytes);
        const mine = problemsOf(() => loadProject(dir, { cache })).filter((p) => p.file.endsWith('zz_fuzz.sql'));
        if (bad === undefined) expect(mine.every((p) => !p.message.includes('UTF-8'))).toBe(true);
        else
          expect(mine).toEqual([
            expect.objectContaining({
              line: bad,
              message: expect.stringMatching(
                /^bytes that are not UTF-8 \(0x[0-9a-f]{2} at column \d+\); save the file as UTF-8$/,
              ),
            }),
          ]);
      }),
      { numRuns: 150 },
    );
  });

  it("mutations of the sample's own files: loaded, or refused naming a file and a line in it", () => {
    const dir = copySample(join(mkdtempSync(join(tmpdir(), 'strata-mutate-')), 'project'));
    temps.push(dirname(dir));
    const versions = join(dir, 'versions');
    const names = readdirSync(versions)
      .filter((n) => n.endsWith('.sql'))
      .sort();
    const originals = new Map(names.map((n) => [n, readFileSync(join(versions, n))]));
    const mutation = fc.record({
      file: fc.nat({ max: names.length - 1 }),
      kind: fc.constantFrom('delete-line', 'duplicate-line', 'insert-line', 'flip-byte', 'truncate', 'swap-lines'),
      at: fc.nat(),
      other: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      line: anyLine,
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const changed = new Map<string, Buffer>();
        for (const m of mutations) {
          const name = names[m.file] as string;
          const bytes = changed.get(name) ?? (originals.get(name) as Buffer);
          changed.set(name, mutate(bytes, m));
        }
        for (const [name, bytes] of changed) writeFileSync(join(versions, name), bytes);
        try {
          expectLocated(
            problemsOf(() => loadProject(dir, { cache: false })),
            new Map([...originals, ...changed]),
          );
        } finally {
          for (const name of changed.keys()) writeFileSync(join(versions, name), originals.get(name) as Buffer);
        }
      }),
      { numRuns: 120 },
    );
  });
});

/** The line of the first byte that is not UTF-8, by the platform's own strict decoder. */
function firstBadLine(bytes: Buffer): number | undefined {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(10, start);
    try {
      strict.decode(bytes.subarray(start, nl < 0 ? bytes.length : nl));
    } catch {
      return line;
    }
    if (nl < 0) return undefined;
    line++;
    start = nl + 1;
  }
}

function mutate(bytes: Buffer, m: { kind: string; at: number; other: number; byte: number; line: string }): Buffer {
  const lines = bytes.toString('latin1').split('\n');
  const i = m.at % lines.length;
  const j = m.other % lines.length;
  switch (m.kind) {
    case 'delete-line':
      lines.splice(i, 1);
      break;
    case 'duplicate-line':
      lines.splice(i, 0, lines[i] as string);
      break;
    case 'insert-line':
      lines.splice(i, 0, Buffer.from(m.line, 'utf8').toString('latin1').replace(/\n$/, ''));
      break;
    case 'swap-lines':
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      break;
    case 'flip-byte': {
      const out = Buffer.from(bytes);
      if (out.length > 0) out[m.at % out.length] = m.byte;
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, m.at % (bytes.length + 1));
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

describe('strata.json, fuzzed', () => {
  const KEYS = [
    'dialect',
    'versions',
    'schema',
    'shadowUrl',
    'versionTable',
    'databaseUrlEnv',
    'defaultConnection',
    'lint',
    'extra',
  ];
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      'sqlite',
      'postgres',
      'versions',
      'strata_version',
      { sqlite: 'dev.sqlite' },
      { rules: { 'drop-table': 'off' }, postgresVersion: 17 },
    ),
  );
  const document = fc.oneof(
    fc.dictionary(fc.constantFrom(...KEYS), value).map((o) => JSON.stringify(o, null, 2)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 80 }),
  );

  it('random JSON and text: a config, or problems naming strata.json and a line in it', () => {
    fc.assert(
      fc.property(document, fc.boolean(), (text, bom) => {
        const written = bom ? `\uFEFF${text}` : text;
        const parsed = parseStrataConfig(written, '/p/strata.json');
        if (!parsed.ok) expectLocated(parsed.problems, new Map([['/p/strata.json', written]]));
      }),
      { numRuns: 400 },
    );
  });

  it('a byte order mark changes nothing: the same config, or the same problems on the same lines', () => {
    fc.assert(
      fc.property(document, (text) => {
        expect(parseStrataConfig(`\uFEFF${text}`, 'strata.json')).toEqual(parseStrataConfig(text, 'strata.json'));
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes on disk: a config, or a ProjectLoadError naming the file', () => {
    const dir = writeProject('sqlite', chain(1));
    temps.push(dir);
    const path = join(dir, 'strata.json');
    fc.assert(
      fc.property(
        fc.oneof(
          randomBytes,
          document.map((t) => Buffer.from(t)),
        ),
        (bytes) => {
          writeFileSync(path, bytes);
          expectLocated(
            problemsOf(() => readConfig(dir)),
            new Map([[path, bytes]]),
          );
          expectLocated(
            problemsOf(() => loadProject(dir)),
            new Map([
              [path, bytes],
              ...readdirSync(join(dir, 'versions')).map((f) => [f, readFileSync(join(dir, 'versions', f))] as const),
            ]),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

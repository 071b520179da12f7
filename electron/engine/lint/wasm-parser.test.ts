// wasm-parser.ts reads libpg-query's WASM at fixed struct offsets and binds its export names,
// as the package's own wrapper (wasm/index.js) does for one exact version. These tests fail,
// saying why, when the installed package is not that version or reads differently.
import { readFileSync } from 'node:fs';
import { loadModule, parseSync, scanSync, SqlError } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBoundExports, LIBPG_QUERY_VERSION, ParserError, WasmParser } from './wasm-parser.ts';

const PORT =
  `wasm-parser.ts was written against libpg-query ${LIBPG_QUERY_VERSION}: ` +
  `compare its offsets and export names with the new wasm/index.js (parseSync, ` +
  `scanSync), then update LIBPG_QUERY_VERSION and the pin in package.json`;

function manifest(path: string): {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
} {
  return JSON.parse(readFileSync(path, 'utf8')) as { version?: string; dependencies?: Record<string, string> };
}

let ours: WasmParser;

beforeAll(async () => {
  ours = await WasmParser.load();
  await loadModule();
});

/** What the package's wrapper makes of `sql`: the tree, or the error's message and 0-based byte offset. */
function theirs(sql: string): unknown {
  try {
    return parseSync(sql);
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    return { message: error.message, offset: error.sqlDetails?.cursorPosition };
  }
}

function ourReading(sql: string): unknown {
  try {
    return JSON.parse(ours.parseJson(sql));
  } catch (error) {
    if (!(error instanceof ParserError)) throw error;
    return { message: error.message, offset: error.cursorPosition };
  }
}

describe('the libpg-query binding', () => {
  it('is the version package.json pins exactly, and the one installed', () => {
    expect(
      manifest('package.json').dependencies?.['libpg-query'],
      `package.json must pin libpg-query exactly: ${PORT}`,
    ).toBe(LIBPG_QUERY_VERSION);
    expect(
      manifest('node_modules/libpg-query/package.json').version,
      `installed libpg-query is not the pinned one (run npm ci), or ${PORT}`,
    ).toBe(LIBPG_QUERY_VERSION);
  });

  it("reads parse trees, errors and their offsets exactly as the package's wrapper does", () => {
    const probes = [
      'SELECT 1',
      "CREATE TABLE t (id bigint PRIMARY KEY, note text DEFAULT 'ä€𝄞');\n" +
        'CREATE INDEX CONCURRENTLY t_note ON t (note);',
      'ALTER TABLE t ALTER COLUMN id TYPE numeric(12,2) USING id::numeric; -- trailing comment',
      // Errors: the message at PgQueryError+0, the 1-based cursor at +16 (a byte offset, so
      // multi-byte characters before it tell a byte count from a character count).
      'SELECT FROM WHERE',
      "SELECT 'ä€𝄞' AS x FROM t WHERE;",
      'CREATE TABLE (',
    ];
    for (const sql of probes) expect(ourReading(sql), `${JSON.stringify(sql)}: ${PORT}`).toEqual(theirs(sql));
  });

  it("scans tokens exactly as the package's wrapper does", () => {
    const sql = 'SELECT \'ä€𝄞\', $1, "Quoted" FROM t /* c */ WHERE a <> 2;';
    expect(JSON.parse(ours.scanJson(sql)), PORT).toEqual(scanSync(sql));
  });

  it('refuses a module without the exports it binds, naming them and the version written against', () => {
    const complete = Object.fromEntries(
      ['_malloc', '_free', '_wasm_parse_query_raw', '_wasm_free_parse_result', '_wasm_scan', '_wasm_free_string'].map(
        (n) => [n, () => 0],
      ),
    );
    expect(() => checkBoundExports(complete, LIBPG_QUERY_VERSION)).not.toThrow();
    const { _wasm_parse_query_raw: _, ...renamed } = complete;
    expect(() => checkBoundExports(renamed, '19.0.0')).toThrow(
      `libpg-query 19.0.0 lacks _wasm_parse_query_raw: ` +
        `electron/engine/lint/wasm-parser.ts binds the exports of libpg-query ${LIBPG_QUERY_VERSION}`,
    );
  });
});

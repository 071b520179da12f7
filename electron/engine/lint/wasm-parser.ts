// libpg-query's WASM build of the PostgreSQL parser, called here rather than through the
// package's own wrapper (libpg-query/wasm/index.cjs): the same exports, the same result and
// error structs, the JSON text returned as it is. The wrapper moves every query and every
// result between JS strings and WASM memory with Emscripten's byte-by-byte JS loops; here
// Buffer's native UTF-8 copy does it, which is most of why a lint process over 3 files, 100
// or 1,000 is 20–30 ms shorter: in a short process those loops never get warm.
//
// The price: this file binds the module's export names and reads PgQueryParseResult and
// PgQueryError at fixed offsets, as the package's wrapper of one exact version does. So
// package.json pins that version, and wasm-parser.test.ts holds this reading equal to the
// installed wrapper's; load() refuses a build whose exports are not the ones bound here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

/** The parts of the Emscripten module lint calls. */
interface EmscriptenParser {
  readonly HEAPU8: Uint8Array;
  readonly HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  _wasm_scan(query: number): number;
  _wasm_free_string(text: number): void;
}

/**
 * A compiled WebAssembly.Module, opaque here: the project's `lib` settings carry no
 * WebAssembly types, so the two calls made are typed below.
 */
interface ParserModule {
  readonly [Symbol.toStringTag]: string;
}
interface WasmInstance {
  readonly exports: object;
}
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<ParserModule>;
  readonly Instance: new (module: ParserModule, imports: object) => WasmInstance;
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

type InstantiateWasm = (imports: object, receive: (instance: WasmInstance) => unknown) => object;
type ModuleFactory = (options: { instantiateWasm: InstantiateWasm }) => Promise<EmscriptenParser>;

const require = createRequire(import.meta.url);

/** The libpg-query release whose exports and struct offsets this file was written against. */
export const LIBPG_QUERY_VERSION = '18.1.5';

const BOUND_EXPORTS = [
  '_malloc',
  '_free',
  '_wasm_parse_query_raw',
  '_wasm_free_parse_result',
  '_wasm_scan',
  '_wasm_free_string',
] as const;

/** Throws, naming the cause, when the WASM module lacks a function this file calls. */
export function checkBoundExports(wasm: object, installedVersion: string): void {
  const missing = BOUND_EXPORTS.filter((name) => typeof (wasm as Record<string, unknown>)[name] !== 'function');
  if (missing.length === 0) return;
  throw new Error(
    `libpg-query ${installedVersion} lacks ${missing.join(', ')}: ` +
      `electron/engine/lint/wasm-parser.ts binds the exports of libpg-query ${LIBPG_QUERY_VERSION} ` +
      `(pinned in package.json); reinstall with npm ci, or port wasm-parser.ts to the new version's wasm/index.js`,
  );
}

/** A statement the parser rejects, with the byte offset PostgreSQL points at. */
export class ParserError extends Error {
  constructor(
    message: string,
    /** 0-based byte offset into the query, as libpg-query's SqlError.sqlDetails.cursorPosition. */
    readonly cursorPosition: number,
  ) {
    super(message);
    this.name = 'ParserError';
  }
}

export class WasmParser {
  /** A Buffer over the WASM memory, made again when the memory grows (its ArrayBuffer is replaced). */
  private view: Buffer = Buffer.alloc(0);

  private constructor(private readonly wasm: EmscriptenParser) {}

  /** Compiles the parser's WASM (asynchronously: off this thread) and instantiates it. */
  static async load(): Promise<WasmParser> {
    // Baseline (Liftoff) code only. V8 otherwise recompiles the parser's hottest functions
    // with TurboFan after a few hundred statements: about 280 ms of compiler time, the bison
    // parser alone 100 ms, on threads that compete with lint on a machine of two cores.
    // Liftoff's parser is slower once warm (5.3 µs a statement instead of 3.7), yet a lint
    // process ends sooner at every size measured: 3 files by 95 ms, 100 by 86, 1,000 (12,511
    // statements) by 63. The flag is read when a module is compiled; this is the only WASM
    // strata compiles. Not under Electron: a V8 flag set after start-up is safe only where
    // the embedder keeps flags unfrozen, as Node does, and nothing here can test Electron.
    // V8 compiles a function of the module only when it is first called (lazy compilation,
    // V8's default here), and the bison parser is most of the module; validating every
    // function up front costs as much again for the many a lint never calls (about 23 M of
    // the 947 M instructions of `strata lint` over one file): validated when compiled instead.
    // Compiling everything eagerly was measured too: 200 ms more CPU for one file.
    if (process.versions.electron === undefined) {
      setFlagsFromString('--liftoff-only');
      setFlagsFromString('--wasm-lazy-validation');
    }
    const module = await wasmApi.compile(await readFile(require.resolve('libpg-query/wasm/libpg-query.wasm')));
    const factory = require('libpg-query/wasm/libpg-query.js') as ModuleFactory;
    const wasm = await factory({
      instantiateWasm(imports, receive) {
        receive(new wasmApi.Instance(module, imports));
        return {};
      },
    });
    checkBoundExports(wasm, (require('libpg-query/package.json') as { version: string }).version);
    return new WasmParser(wasm);
  }

  /** pg_query_parse's JSON: `{"version":…,"stmts":[…]}`. Throws ParserError on a syntax error. */
  parseJson(query: string): string {
    // As libpg-query's parseSync: an empty text is refused before the parser sees it.
    if (query === '') throw new Error('Query cannot be empty');
    const queryPointer = this.cString(query);
    let result = 0;
    try {
      result = this.wasm._wasm_parse_query_raw(queryPointer);
      if (!result) throw new Error('the PostgreSQL parser could not allocate memory');
      const words = this.wasm.HEAPU32;
      const tree = words[result >>> 2] as number;
      const error = words[(result + 8) >>> 2] as number;
      if (error) {
        const message = words[error >>> 2] as number;
        const cursor = words[(error + 16) >>> 2] as number;
        throw new ParserError(message ? this.readString(message) : 'Unknown error', cursor > 0 ? cursor - 1 : 0);
      }
      if (!tree) throw new Error('the PostgreSQL parser returned no parse tree');
      return this.readString(tree);
    } finally {
      this.wasm._free(queryPointer);
      if (result) this.wasm._wasm_free_parse_result(result);
    }
  }

  /** pg_query_scan's JSON: `{"version":…,"tokens":[…]}`. */
  scanJson(query: string): string {
    const queryPointer = this.cString(query);
    let result = 0;
    try {
      result = this.wasm._wasm_scan(queryPointer);
      const text = this.readString(result);
      if (text.startsWith('syntax error') || text.startsWith('ERROR')) throw new ParserError(text, 0);
      return text;
    } finally {
      this.wasm._free(queryPointer);
      if (result) this.wasm._wasm_free_string(result);
    }
  }

  /** `text` as a NUL-terminated UTF-8 string in WASM memory; the caller frees it. */
  private cString(text: string): number {
    const length = Buffer.byteLength(text, 'utf8');
    const pointer = this.wasm._malloc(length + 1);
    if (!pointer) throw new Error('the PostgreSQL parser could not allocate memory');
    const memory = this.memory();
    memory.write(text, pointer, length, 'utf8');
    memory[pointer + length] = 0;
    return pointer;
  }

  /** The NUL-terminated UTF-8 string at `pointer`. */
  private readString(pointer: number): string {
    const memory = this.memory();
    const end = memory.indexOf(0, pointer);
    return memory.toString('utf8', pointer, end < 0 ? memory.length : end);
  }

  /** Read after every call into WASM that may allocate: growing the memory replaces HEAPU8. */
  private memory(): Buffer {
    const heap = this.wasm.HEAPU8;
    if (this.view.buffer !== heap.buffer) this.view = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
    return this.view;
  }
}

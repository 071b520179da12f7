// libpg-query's WASM build of the PostgreSQL parser, bound here rather than through the
// package's own wrapper (libpg-query/wasm/index.cjs). The wrapper compiles the WASM module
// as soon as it is imported and keeps it to itself; lint needs the compiled module in hand,
// so that a worker thread instantiates the same machine code instead of compiling (and
// tiering up) 1.7 MB of WASM a second time. The calls are the wrapper's: the same exports,
// the same result and error structs, the JSON text returned as it is.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

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
 * A compiled WebAssembly.Module of the parser: opaque here, and what a worker thread is handed
 * (structured clone shares its code). The project's `lib` settings carry no WebAssembly types,
 * so the few calls made are typed below.
 */
export interface ParserModule {
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

let compiling: Promise<ParserModule> | undefined;

/** The parser's WASM, compiled once per process (off the main thread, by V8's compile tasks). */
export function compileParserModule(): Promise<ParserModule> {
  compiling ??= readFile(require.resolve('libpg-query/wasm/libpg-query.wasm')).then((bytes) => wasmApi.compile(bytes));
  return compiling;
}

export class WasmParser {
  /** A Buffer over the WASM memory, made again when the memory grows (its ArrayBuffer is replaced). */
  private view: Buffer = Buffer.alloc(0);

  private constructor(private readonly wasm: EmscriptenParser) {}

  /** A parser instance over `module` (compiled here, or handed over by another thread). */
  static async instantiate(module: ParserModule): Promise<WasmParser> {
    const factory = require('libpg-query/wasm/libpg-query.js') as ModuleFactory;
    const wasm = await factory({
      instantiateWasm(imports, receive) {
        receive(new wasmApi.Instance(module, imports));
        return {};
      },
    });
    return new WasmParser(wasm);
  }

  /** pg_query_parse's JSON: `{"version":…,"stmts":[…]}`. Throws ParserError on a syntax error. */
  parseJson(query: string): string {
    return this.parse(query, (memory, start, end) => memory.toString('utf8', start, end));
  }

  /** parseJson's text as UTF-8 bytes, copied out of WASM memory without making a string. */
  parseJsonBytes(query: string): Buffer {
    return this.parse(query, (memory, start, end) => Buffer.from(memory.subarray(start, end)));
  }

  private parse<T>(query: string, read: (memory: Buffer, start: number, end: number) => T): T {
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
      const memory = this.memory();
      return read(memory, tree, this.stringEnd(memory, tree));
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

  private readString(pointer: number): string {
    const memory = this.memory();
    return memory.toString('utf8', pointer, this.stringEnd(memory, pointer));
  }

  /** Where the NUL-terminated string at `pointer` ends. */
  private stringEnd(memory: Buffer, pointer: number): number {
    const end = memory.indexOf(0, pointer);
    return end < 0 ? memory.length : end;
  }

  /** Read after every call into WASM that may allocate: growing the memory replaces HEAPU8. */
  private memory(): Buffer {
    const heap = this.wasm.HEAPU8;
    if (this.view.buffer !== heap.buffer) this.view = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
    return this.view;
  }
}

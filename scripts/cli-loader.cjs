'use strict';
// Runs the CLI bundle with V8's code cache. The build (build-cli.mjs) copies this file into
// the bundle as load.cjs, with BUILD_ID set to a hash of the bundle's files; bin/strata.js and
// the app's `strata` command start the CLI through it.
//
// Node 20 keeps no compiled code between runs of an ES module (no module.enableCompileCache,
// and vm.SourceTextModule is behind a flag), and compiling the chunks a command loads was a
// fixed share of every start. So the chunks are CommonJS (esbuild's ESM split, each chunk
// turned to CommonJS), loaded here through vm.Script, which takes and makes V8's cached data:
// a first run writes code-cache/<chunk>.<BUILD_ID>.bin beside the bundle, later runs hand it
// back and V8 skips parsing and compiling what it holds. Nothing here can fail a command: a
// cache that is missing, unreadable or rejected by V8 (another Node, other flags, damaged) is
// ignored and rewritten once the command has run; a folder that cannot be written (a
// read-only install) leaves the CLI uncached. BUILD_ID keeps a cache from being handed to
// another build's chunk of the same name (V8 itself checks only the source's length).
// ESM, not loaded here, needs no ESM loader either: bin/strata.js is CommonJS for that reason.
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

/** Set by the build in the copy it writes beside the chunks; null in scripts/, which runs nothing. */
const BUILD_ID = null;

const ENTRY = 'strata.cjs';
/**
 * V8 stamps cached data with a hash of its flags, and commands change some after start-up
 * (cli/short-run.ts: --no-opt; engine/lint/wasm-parser.ts: --liftoff-only, which implies two
 * more, and --wasm-lazy-validation): a cache made under those would be rejected by every next
 * start, and rewritten by each. So the loader makes the cached data of a probe at start; if
 * V8 rejects it at the end, it puts these defaults back (the process is about to end), and if
 * the probe is still rejected (some other flag), it writes nothing.
 */
const RUN_TIME_FLAGS = [
  '--opt',
  '--no-liftoff-only',
  '--wasm-tier-up',
  '--wasm-dynamic-tiering',
  '--no-wasm-lazy-validation',
];
// The probe's texts differ (a text V8 has compiled is taken from its own table, unchecked) and
// have one length (V8 checks cached data against the source's length, not its text).
const PROBE = ["'strata: V8 flags at start'", "'strata: V8 flags at exit.'", "'strata: V8 flags restored'"];
const CACHE_DIR = 'code-cache';
/** The parameters each chunk's text is wrapped in; `import.meta` is defined as the last one at the build. */
const HEAD = '(function (exports, require, module, __filename, __dirname, __strataImportMeta) {';
const TAIL = '\n})';

/**
 * Loads the CLI bundle in `bundleDir`. `main` runs a command; `saveCodeCache` then writes the
 * cache of chunks that had none or had theirs rejected (and, when any had, of all the chunks
 * this run compiled, so a shared chunk's cache comes to hold what each command uses of it).
 * @param {string} bundleDir
 * @returns {{ main: (argv: readonly string[]) => Promise<number>, saveCodeCache: () => void }}
 */
function loadCli(bundleDir) {
  const packages = createRequire(join(bundleDir, ENTRY));
  /** @type {Map<string, { exports: Record<string, unknown> }>} */
  const modules = new Map();
  /** @type {{ name: string, script: Script, cached: boolean }[]} */
  const loaded = [];
  const startFlags = new Script(PROBE[0], { filename: 'flag-probe' }).createCachedData();
  const flagsAsAtStart = (text) =>
    !new Script(text, { filename: 'flag-probe', cachedData: startFlags }).cachedDataRejected;
  const cacheFile = (name) => join(bundleDir, CACHE_DIR, `${name}.${BUILD_ID}.bin`);

  /** The chunks require each other as './<name>.js' (esbuild's names); on disk they are .cjs. */
  const requireFrom = (specifier) =>
    specifier.startsWith('./') ? load(specifier.slice(2).replace(/\.js$/, '.cjs')) : packages(specifier);

  function load(name) {
    const known = modules.get(name);
    if (known) return known.exports;
    const module = { exports: {} };
    modules.set(name, module);
    const file = join(bundleDir, name);
    let cachedData;
    if (BUILD_ID !== null)
      try {
        cachedData = readFileSync(cacheFile(name));
      } catch {
        cachedData = undefined;
      }
    const script = new Script(HEAD + readFileSync(file, 'utf8') + TAIL, { filename: file, cachedData });
    loaded.push({ name, script, cached: cachedData !== undefined && !script.cachedDataRejected });
    const meta = {
      url: pathToFileURL(file).href,
      filename: file,
      dirname: bundleDir,
      resolve: (specifier) => pathToFileURL(packages.resolve(specifier)).href,
    };
    script.runInThisContext()(module.exports, requireFrom, module, file, bundleDir, meta);
    return module.exports;
  }

  const { main } = load(ENTRY);

  function saveCodeCache() {
    const stale = loaded.filter((chunk) => !chunk.cached);
    let written = 0;
    if (BUILD_ID !== null && stale.length > 0)
      try {
        if (!flagsAsAtStart(PROBE[1])) {
          for (const flag of RUN_TIME_FLAGS) setFlagsFromString(flag);
          if (!flagsAsAtStart(PROBE[2])) throw new Error('V8 flags changed since start');
        }
        mkdirSync(join(bundleDir, CACHE_DIR), { recursive: true });
        for (const { name, script } of loaded) {
          // Written aside and renamed: a run starting meanwhile reads a whole cache or none.
          const target = cacheFile(name);
          const aside = `${target}.${process.pid}`;
          writeFileSync(aside, script.createCachedData());
          renameSync(aside, target);
          written++;
        }
      } catch {
        // A read-only install, or flags that could not be put back: no cache this time.
      }
    if (process.env.STRATA_CODE_CACHE_TRACE === '1')
      process.stderr.write(
        `strata: code cache: ${loaded.length - stale.length} of ${loaded.length} chunks accepted, ${written} written\n`,
      );
  }

  return { main, saveCodeCache };
}

/**
 * Runs the CLI in `bundleDir` with `argv` and saves its code cache; resolves to the exit code.
 * @param {string} bundleDir
 * @param {readonly string[]} argv
 */
async function runCli(bundleDir, argv) {
  const { main, saveCodeCache } = loadCli(bundleDir);
  const code = await main(argv);
  saveCodeCache();
  return code;
}

module.exports = { loadCli, runCli };

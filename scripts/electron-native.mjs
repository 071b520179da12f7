#!/usr/bin/env node
// better-sqlite3 for Electron's ABI, into dist/native/electron/better_sqlite3.node.
//
// Node (CLI, tests, bridge) and Electron load native addons built against different
// headers, and one node_modules holds one build. So the Node build stays where npm put it,
// untouched, and this script compiles a second one from a temporary copy of the package
// against Electron's headers (node-gyp --runtime=electron --target=<electron version>
// --dist-url=https://electronjs.org/headers, as @electron/rebuild does). The main process
// hands that file to better-sqlite3's `nativeBinding` option through STRATA_SQLITE_BINDING.
//
// Without an Electron binary there is nothing to build for: one line, exit 0.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronBinary, electronVersion, ROOT } from './electron-binary.mjs';

export const ELECTRON_SQLITE_BINDING = join(ROOT, 'dist', 'native', 'electron', 'better_sqlite3.node');
const HEADERS_URL = 'https://electronjs.org/headers';
/** Electron's headers kept apart from Node's (node-gyp keys its cache by version only). */
const DEV_DIR = join(homedir(), '.electron-gyp');

/** npm's bundled node-gyp (npm names it to scripts), a local one, or the one beside node. */
function nodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(createRequire(join(ROOT, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally
  }
  candidates.push(
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  );
  return candidates.find((c) => c && existsSync(c));
}

/**
 * The environment for node-gyp: npm passes its config as npm_config_* variables, which
 * node-gyp reads as options. A `nodedir` there (this machine's npmrc sets one) would build
 * against Node's headers again; target/runtime/disturl would fight the flags below.
 */
function gypEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|build_from_source)$/i.test(key))
      delete env[key];
  }
  return env;
}

/**
 * Builds when needed; returns the binding's path, or undefined when skipped.
 * @param {{ log?: (line: string) => void, force?: boolean }} [options]
 */
export function buildElectronNative({ log = (line) => console.error(line), force = false } = {}) {
  const binary = electronBinary();
  if (!binary) {
    log(
      'electron-native: skipped, no Electron binary in ' +
        'node_modules/electron/dist (better-sqlite3 keeps its Node build only)',
    );
    return undefined;
  }
  const pkgDir = join(ROOT, 'node_modules', 'better-sqlite3');
  const stamp = {
    electron: electronVersion(),
    betterSqlite3: JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version,
    platform: process.platform,
    arch: process.arch,
  };
  const stampFile = join(dirname(ELECTRON_SQLITE_BINDING), 'build-info.json');
  if (
    !force &&
    existsSync(ELECTRON_SQLITE_BINDING) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)
  ) {
    log(`electron-native: better-sqlite3 ${stamp.betterSqlite3} for Electron ${stamp.electron} is up to date`);
    return ELECTRON_SQLITE_BINDING;
  }
  const gyp = nodeGyp();
  if (!gyp)
    throw new Error(
      'electron-native: node-gyp not found (it ships with npm; run this through `npm run` or install node-gyp)',
    );

  log(
    `electron-native: building better-sqlite3 ${stamp.betterSqlite3} for ` +
      `Electron ${stamp.electron} (${process.platform}-${process.arch})`,
  );
  const work = mkdtempSync(join(tmpdir(), 'strata-electron-native-'));
  try {
    // A copy without the Node build: node-gyp rebuild starts by deleting build/.
    const copy = join(work, 'better-sqlite3');
    cpSync(pkgDir, copy, {
      recursive: true,
      filter: (src) => {
        const rel = relative(pkgDir, src);
        return (
          rel !== 'build' &&
          !rel.startsWith(`build${sep}`) &&
          rel !== 'node_modules' &&
          !rel.startsWith(`node_modules${sep}`)
        );
      },
    });
    const args = [
      gyp,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${stamp.electron}`,
      `--arch=${process.arch}`,
      `--dist-url=${HEADERS_URL}`,
      `--devdir=${DEV_DIR}`,
    ];
    const built = spawnSync(process.execPath, args, { cwd: copy, env: gypEnv(), stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`electron-native: node-gyp failed (exit ${built.status ?? built.signal})`);
    const output = join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(output)) throw new Error(`electron-native: node-gyp reported success but ${output} is missing`);

    // Proof it is the right ABI: Electron itself (as plain Node) loads it.
    const check = spawnSync(binary, ['-e', `require(${JSON.stringify(output)})`], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      encoding: 'utf8',
    });
    if (check.status !== 0)
      throw new Error(
        `electron-native: Electron cannot load the new build: ${(check.stderr || check.stdout || '').trim()}`,
      );

    mkdirSync(dirname(ELECTRON_SQLITE_BINDING), { recursive: true });
    copyFileSync(output, ELECTRON_SQLITE_BINDING);
    writeFileSync(stampFile, JSON.stringify(stamp));
    log(`electron-native: wrote ${relative(ROOT, ELECTRON_SQLITE_BINDING)}`);
    return ELECTRON_SQLITE_BINDING;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    buildElectronNative({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

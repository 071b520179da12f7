'use strict';
// What the CLI bundle was built from, and the check bin/strata.js makes at every start.
//
// The build (build-cli.mjs) lists every source file esbuild put into the bundle, from its
// metafile, with the file's mtime and size right after the build: dist/cli/sources.json. The
// bundle is a function of those files alone (npm packages stay external and load at run
// time), so it is current exactly when each of them still has that mtime and size. An edit
// changes its file's mtime; a new file only matters once some listed file imports it, which
// is an edit of that file; a deleted or renamed one is missing. The check is one stat per
// listed file, no directory walk, and it needs no git: the same in a checkout, a tarball or
// node_modules. A file whose mtime falls within the build (or just before it: file times
// come from a coarse clock) may have been read before its last write; it is recorded as
// unknown, which keeps the bundle stale until the next build, never the other way round.
// CommonJS: bin/strata.js is, so that a start loads no ESM machinery.
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');

const STAMP_FILE = 'sources.json';

/** How far before the build's start a file time still counts as "during the build". */
const COARSE_CLOCK_MS = 100;

/**
 * @param {string} root the repository root, which the inputs are relative to
 * @param {string} outdir where the bundle was written
 * @param {readonly string[]} inputs esbuild's metafile inputs
 * @param {number} startedAt Date.now() before the build began
 */
function writeStamp(root, outdir, inputs, startedAt) {
  /** @type {Record<string, [number, number] | null>} */
  const files = {};
  for (const input of inputs) {
    const s = statSync(join(root, input));
    files[input] = s.mtimeMs >= startedAt - COARSE_CLOCK_MS ? null : [s.mtimeMs, s.size];
  }
  writeFileSync(join(outdir, STAMP_FILE), JSON.stringify({ files }));
}

/**
 * Whether the bundle in `bundleDir` was built from the sources as they are now. Synchronous
 * stats, one after the other: measured faster here than the same stats in parallel through
 * promises (7 against 19 ms for 137 files), whose callbacks cost more than the calls.
 */
function bundleIsCurrent(root, bundleDir) {
  let files;
  try {
    files = JSON.parse(readFileSync(join(bundleDir, STAMP_FILE), 'utf8')).files;
  } catch {
    return false;
  }
  if (typeof files !== 'object' || files === null) return false;
  // The inputs are clean relative paths (esbuild's): a concatenation, not path.join, which
  // normalizes every one of them and took longer than the stats in a profile of `--version`.
  const base = root.endsWith(sep) || root.endsWith('/') ? root : root + sep;
  for (const file in files) {
    const seen = files[file];
    if (!Array.isArray(seen)) return false;
    const s = statSync(base + file, { throwIfNoEntry: false });
    if (s === undefined || s.mtimeMs !== seen[0] || s.size !== seen[1]) return false;
  }
  return true;
}

module.exports = { STAMP_FILE, writeStamp, bundleIsCurrent };

#!/usr/bin/env node
// `npm start [-- PROJECT_DIR]`: builds, then opens the studio on migrations-sample (or the
// folder given) in Electron. Where no Electron binary exists (it cannot always be
// downloaded), it says so in one line and serves the same renderer through the bridge
// instead; `strata serve` prints the URL to open.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build, ELECTRON_MAIN } from './build.mjs';
import { electronBinary, ROOT } from './electron-binary.mjs';

const project = resolve(process.argv[2] ?? join(ROOT, 'migrations-sample'));
const binary = electronBinary();

try {
  await build({ native: binary !== undefined });
} catch (error) {
  console.error(`start: the build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let child;
if (binary) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, Electron would run main.js as plain Node
  child = spawn(binary, [ELECTRON_MAIN, '--project', project], { stdio: 'inherit', env });
} else {
  console.log(
    'Electron binary missing (node_modules/electron has no dist/): ' +
      'starting the studio in the browser through the bridge instead',
  );
  child = spawn(process.execPath, [join(ROOT, 'bin', 'strata.js'), '--project', project, 'serve'], {
    stdio: 'inherit',
  });
}

// Stopping `npm start` stops the studio with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});

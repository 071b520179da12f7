// The engine's workers as the bundles run them: `strata serve` from the CLI bundle (what
// bin/strata.js runs once built) starts the lint worker from the .js file beside it, under
// plain Node, and answers the project's lint through the bridge. From source the workers
// boot through tsx, which every other test uses; this is the path users take.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../scripts/build-cli.mjs';
import { WORKER_ENTRIES } from '../scripts/workers.mjs';

// Inside the repository, so that the bundle's packages resolve from node_modules.
const outdir = resolve('.tmp', `bundled-workers-${process.pid}`);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('bundled workers', () => {
  it('strata serve from the CLI bundle lints the project in its lint worker', async () => {
    await bundleCli({ outdir });
    for (const name of Object.keys(WORKER_ENTRIES)) expect(existsSync(join(outdir, `${name}.js`)), name).toBe(true);
    // Run as bin/strata.js runs dist/cli: through the bundle's loader.
    const entry = join(outdir, 'run.cjs');
    writeFileSync(entry, "require('./load.cjs').runCli(__dirname, process.argv.slice(2));\n");
    const project = join(mkdtempSync(join(tmpdir(), 'strata-bundled-')), 'project');
    cpSync(resolve('migrations-sample'), project, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
    const child = spawn(process.execPath, [entry, '--project', project, 'serve'], {
      env: { ...process.env, STRATA_CONFIG_DIR: join(project, '..', 'config'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<URL>((found, failed) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(out);
          if (match && out.includes('\n', match.index)) found(new URL(match[0]));
        });
        child.once('exit', (code) => failed(new Error(`strata serve exited with ${code}: ${out}`)));
      });
      const token = url.searchParams.get('token') ?? new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
      const response = await fetch(`${url.origin}/api/lint.project`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-strata-token': token },
        body: '{}',
      });
      const result = (await response.json()) as { ok: boolean; value?: { dialect: string; revisions: unknown[] } };
      expect(result).toMatchObject({ ok: true, value: { dialect: 'sqlite' } });
      expect(result.value?.revisions.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});

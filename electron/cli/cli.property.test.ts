// The strata command with fuzzed input: random targets and random command lines, in process
// (many) and as real processes (a few). Every run ends with a documented exit code (0 ok,
// 1 check failed, 2 usage, 3 database, 4 project), never a stack trace, and a refusal of a
// target names it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { copySample } from '../../test/support/projects.ts';
import { namesOf, targetText } from '../../test/support/targets.ts';
import { loadProject } from '../engine/project/project.ts';
import { main } from './main.ts';

const anyTarget = targetText(loadProject('migrations-sample').map);
let root: string;
let project: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'strata-cli-fuzz-'));
  project = copySample(join(root, 'project'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const STACK = /\n\s+at .+:\d+:\d+/;
const DOCUMENTED = [0, 1, 2, 3, 4];

/** main() in this process, its output captured instead of printed. */
async function strata(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => ((stderr += String(chunk)), true),
  );
  try {
    const code = await main(argv, root, { PATH: process.env.PATH });
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('targets through the CLI, fuzzed', () => {
  it('offline plans and show: exit 0, or exit 2 naming the target; never a stack', async () => {
    await fc.assert(
      fc.asyncProperty(anyTarget, fc.constantFrom('upgrade', 'downgrade', 'show'), async (spec, command) => {
        const args = ['--project', project, command, ...(command === 'show' ? [] : ['--sql'])];
        // After `--` anything is a target.
        const r = await strata([...args, '--', spec]);
        expect(r.stderr).not.toMatch(STACK);
        expect([0, 2], r.stderr).toContain(r.code);
        if (r.code === 2) {
          const names = [...namesOf(spec), ...spec.split(':').flatMap(namesOf)];
          const named =
            names.some((n) => r.stderr.includes(n)) || (spec.trim() === '' && r.stderr.includes(`'${spec}'`));
          expect(named, `${r.stderr} names ${JSON.stringify(spec)}`).toBe(true);
        }
        // Without it, a target reads the same (-1 included); only what looks like an option is one.
        const optionLike = spec.startsWith('-') && spec !== '-' && !/^-\d/.test(spec);
        if (!optionLike) expect(await strata([...args, spec]), JSON.stringify(spec)).toEqual(r);
      }),
      { numRuns: 250 },
    );
  });
});

describe('command lines, fuzzed', () => {
  // Every command but serve (it would start a server), every option, slips, and junk.
  const word = fc.oneof(
    fc.constantFrom(
      'init',
      'revision',
      'merge',
      'upgrade',
      'downgrade',
      'current',
      'heads',
      'history',
      'show',
      'stamp',
      'check',
      'lint',
      'upgarde',
      'help',
    ),
    fc.constantFrom(
      '--json',
      '--no-color',
      '--help',
      '-h',
      '--version',
      '-m',
      '--message',
      '--parent',
      '--branch-label',
      '--depends-on',
      '--non-transactional',
      '--sql',
      '--single-transaction',
      '--lock-timeout',
      '--statement-timeout',
      '--retries',
      '-r',
      '--rev-range',
      '--purge',
      '--single-head',
      '--check-heads',
      '--dialect',
      '--revision',
      '--range',
      '--format',
      '--strict',
      '--pg-version',
      '--sqll',
      '-x',
      '--',
      '-',
    ),
    fc.constantFrom(
      'heads',
      'head',
      'base',
      '-1',
      '+1',
      '-2:head',
      'billing@head',
      'audit@-1',
      '3550',
      '0874aef793be',
      'x',
      '5',
      'github',
      'sqlite',
      '1s',
    ),
    anyTarget,
  );

  it('in process: a documented exit code and no stack trace, whatever the words', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (words) => {
        const r = await strata(['--project', project, ...words]);
        expect(r.stderr).not.toMatch(STACK);
        expect(DOCUMENTED, `${words.join(' ')}: ${r.stderr}`).toContain(r.code);
      }),
      { numRuns: 120 },
    );
  });

  it('as real processes: the same, for a few of them', () => {
    const bin = resolve('bin/strata.js');
    const samples = fc.sample(fc.tuple(fc.constantFrom('upgrade', 'downgrade', 'show', 'stamp'), anyTarget), {
      numRuns: 3,
      seed: 12,
    });
    for (const [command, spec] of [['downgrade', '-1'], ...samples] as const) {
      const r = spawnSync(process.execPath, [bin, '--project', project, command, '--', spec], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(r.stderr, `${command} ${spec}`).not.toMatch(STACK);
      expect(DOCUMENTED, `${command} ${JSON.stringify(spec)}: ${r.stderr}`).toContain(r.status);
    }
  });
});

// The pre-pass before parseArgs: relative targets are positionals, an option's value is its
// value whatever it looks like, and an unknown option names the nearest known one.
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prepareArgs, UnknownOptionError } from './argv.ts';
import { UsageError } from './exit-codes.ts';

const OPTIONS = {
  project: { type: 'string' },
  sql: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  message: { type: 'string', short: 'm' },
  'rev-range': { type: 'string', short: 'r' },
} as const;

function parse(argv: readonly string[]): { values: Record<string, unknown>; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: prepareArgs(argv, OPTIONS),
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  return { values: { ...values }, positionals };
}

describe('prepareArgs', () => {
  it('reads -N and -N:REV as positionals, in the order typed', () => {
    expect(parse(['downgrade', '-1']).positionals).toEqual(['downgrade', '-1']);
    expect(parse(['--sql', 'downgrade', '-12', '--json']).positionals).toEqual(['downgrade', '-12']);
    expect(parse(['downgrade', '--sql', '-2:base']).positionals).toEqual(['downgrade', '-2:base']);
    expect(parse(['upgrade', '+2']).positionals).toEqual(['upgrade', '+2']);
  });

  it('keeps everything after -- positional', () => {
    expect(parse(['downgrade', '--', '-1']).positionals).toEqual(['downgrade', '-1']);
    expect(parse(['show', '--', '--json']).positionals).toEqual(['show', '--json']);
  });

  it('gives an option the next word as its value, even one starting with a dash', () => {
    expect(parse(['history', '-r', '-3:head']).values['rev-range']).toBe('-3:head');
    expect(parse(['revision', '-m', '-1 day', 'x']).values.message).toBe('-1 day');
    expect(parse(['revision', '--message', '--sql']).values).toEqual({ message: '--sql' });
    expect(parse(['--project=dir', 'heads']).values.project).toBe('dir');
    expect(parse(['revision', '-mhello']).values.message).toBe('hello');
  });

  it('keeps real options working beside relative targets', () => {
    expect(parse(['downgrade', '-1', '--sql', '-h'])).toEqual({
      values: { sql: true, help: true },
      positionals: ['downgrade', '-1'],
    });
  });

  it('refuses an unknown option with the nearest known one', () => {
    expect(() => prepareArgs(['upgrade', '--sqll', 'heads'], OPTIONS)).toThrow(
      new UnknownOptionError('--sqll', ['--sql']),
    );
    expect(() => prepareArgs(['upgrade', '--sqll'], OPTIONS)).toThrow("unknown option '--sqll': did you mean --sql?");
    expect(() => prepareArgs(['--jsn=1'], OPTIONS)).toThrow("unknown option '--jsn': did you mean --json?");
    expect(() => prepareArgs(['-x'], OPTIONS)).toThrow("unknown option '-x'");
  });

  it('refuses an option missing its value', () => {
    expect(() => prepareArgs(['upgrade', '--project'], OPTIONS)).toThrow(new UsageError('--project needs a value'));
  });
});

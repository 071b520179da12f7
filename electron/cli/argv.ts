// The command line as an Alembic user types it, made ready for node's parseArgs.
//
// parseArgs reads `-1` as an unknown short option, so `strata downgrade -1` (the first thing
// an Alembic user types, and what our own hints suggest) failed; it also refuses an option
// value that starts with a dash (`-r -3:head`, `-m "-1 day"`). A pre-pass sorts the words
// the way Alembic's argparse does: a word that looks like a negative number is a positional,
// and the word after an option that takes a value is that value, whatever it looks like.
// Unknown options are refused here, with the nearest known one.
import type { ParseArgsConfig } from 'node:util';
import { didYouMean, nearest } from '../../shared/model/nearest.ts';
import { UsageError } from './exit-codes.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `-1`, `-12`, `-1:head`: relative targets and ranges, never options. */
const NEGATIVE = /^-\d/;

export class UnknownOptionError extends UsageError {
  constructor(
    readonly option: string,
    readonly suggestions: readonly string[],
  ) {
    const guess = didYouMean(suggestions);
    super(`unknown option '${option}'${guess ? `: ${guess}` : ''}`);
    this.name = 'UnknownOptionError';
  }
}

/**
 * argv rewritten for parseArgs: options (a value glued on as `--name=value`), then `--`,
 * then every positional in the order typed.
 */
export function prepareArgs(argv: readonly string[], options: Options): string[] {
  const byShort = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short !== undefined) byShort.set(o.short, name);
  const unknown = (option: string, name: string): UnknownOptionError =>
    new UnknownOptionError(
      option,
      nearest(name, Object.keys(options)).map((n) => `--${n}`),
    );
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || NEGATIVE.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const name = long ? (arg.slice(2).split('=')[0] as string) : byShort.get(arg[1] as string);
    if (name === undefined || options[name] === undefined)
      throw unknown(long ? `--${name}` : arg.slice(0, 2), name ?? arg.slice(1));
    const takesValue = options[name].type === 'string';
    const glued = long ? arg.includes('=') : arg.length > 2;
    if (!takesValue || glued) {
      flags.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) throw new UsageError(`${arg} needs a value`);
    flags.push(`--${name}=${next}`);
    i++;
  }
  return [...flags, '--', ...positionals];
}

// Which project the window opens: `--project DIR` (or a bare DIR) on the command line, else
// STRATA_PROJECT, else the last project (if its folder still exists), else none: the welcome
// screen (source 'home'), which offers the sample. A checkout behaves as the installed app
// here; `npm start` names migrations-sample itself.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ProjectSource = 'argument' | 'environment' | 'last project' | 'home';

/**
 * The user's arguments: what follows the entry script in a checkout (`electron main.js …`,
 * where Chromium's and Playwright's switches may come before it), all but argv[0] when
 * packaged (no script argument).
 */
export function launchArguments(argv: readonly string[], entry: string, cwd: string): string[] {
  const at = argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-') && resolve(cwd, arg) === entry);
  return argv.slice(at >= 0 ? at + 1 : 1);
}

/**
 * `--project DIR`, `--project=DIR`, or the first bare argument. Other switches are skipped:
 * Chromium's and Playwright's (`--inspect=0`, `--remote-debugging-port=0`) arrive here too.
 */
export function projectArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--project') return args[i + 1];
    if (arg.startsWith('--project=')) return arg.slice('--project='.length);
  }
  return args.find((a) => !a.startsWith('-') && a !== '');
}

export interface ProjectChoiceInput {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly lastProject: string | undefined;
  readonly home: string;
  readonly isDirectory: (path: string) => boolean;
}

/** A project's own file names: given one (a file manager opened it with us), its folder is meant. */
const PROJECT_FILES = new Set(['strata.json', 'alembic.ini']);

export function chooseProject(input: ProjectChoiceInput): { readonly dir: string; readonly source: ProjectSource } {
  const absolute = (p: string): string => {
    // A desktop entry's %U hands over file:// URLs.
    const path = p.startsWith('file://') ? fileURLToPath(p) : p;
    const full = isAbsolute(path) ? path : resolve(input.cwd, path);
    return PROJECT_FILES.has(basename(full)) ? dirname(full) : full;
  };
  const fromArgs = projectArgument(input.args);
  // Asked for explicitly: opened even when missing, so the studio says what is wrong with it.
  if (fromArgs) return { dir: absolute(fromArgs), source: 'argument' };
  if (input.env.STRATA_PROJECT) return { dir: absolute(input.env.STRATA_PROJECT), source: 'environment' };
  if (input.lastProject && input.isDirectory(input.lastProject))
    return { dir: input.lastProject, source: 'last project' };
  return { dir: input.home, source: 'home' };
}

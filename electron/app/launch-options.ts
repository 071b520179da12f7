// Which project the window opens: a folder macOS handed over (dropped on the Dock icon,
// "Open With"), else `--project DIR` (or a bare DIR) on the command line, else STRATA_PROJECT,
// else the last project (if its folder still exists), else none: the welcome screen (source
// 'home'), which offers the sample. A checkout behaves as the installed app here; `npm start`
// names migrations-sample itself.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ProjectSource = 'opened' | 'argument' | 'environment' | 'last project' | 'home';

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
  /** A path from macOS's open-file event that arrived before the app was ready. */
  readonly opened?: string | undefined;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly lastProject: string | undefined;
  readonly home: string;
  readonly isDirectory: (path: string) => boolean;
}

/** A project's own file names: given one (a file manager opened it with us), its folder is meant. */
const PROJECT_FILES = new Set(['strata.json', 'alembic.ini']);

/**
 * The project folder a path names: file:// URLs (a desktop entry's %U) decoded, relative paths
 * taken from `cwd`, and a project's own file (a file manager opened it with us) its folder.
 */
export function projectFolder(path: string, cwd: string): string {
  const local = path.startsWith('file://') ? fileURLToPath(path) : path;
  const full = isAbsolute(local) ? local : resolve(cwd, local);
  return PROJECT_FILES.has(basename(full)) ? dirname(full) : full;
}

/** The project a later launch asks for (its arguments, from its own working folder), if any. */
export function requestedProject(args: readonly string[], cwd: string): string | undefined {
  const named = projectArgument(args);
  return named === undefined ? undefined : projectFolder(named, cwd);
}

export function chooseProject(input: ProjectChoiceInput): { readonly dir: string; readonly source: ProjectSource } {
  // The most recent explicit request: macOS sends the dropped folder instead of an argument.
  if (input.opened) return { dir: projectFolder(input.opened, input.cwd), source: 'opened' };
  const fromArgs = requestedProject(input.args, input.cwd);
  // Asked for explicitly: opened even when missing, so the studio says what is wrong with it.
  if (fromArgs) return { dir: fromArgs, source: 'argument' };
  if (input.env.STRATA_PROJECT)
    return { dir: projectFolder(input.env.STRATA_PROJECT, input.cwd), source: 'environment' };
  if (input.lastProject && input.isDirectory(input.lastProject))
    return { dir: input.lastProject, source: 'last project' };
  return { dir: input.home, source: 'home' };
}

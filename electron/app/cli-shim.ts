// `strata` on PATH for the installed app (the menu's "Install 'strata' Command in PATH", on
// macOS and Linux): a two-line shell script that starts the app's own executable in CLI mode.
// The app's executable, not a Node: the RunAsNode fuse is off, so ELECTRON_RUN_AS_NODE does
// nothing, and the packaged better-sqlite3 is built for Electron's ABI. STRATA_CLI=1 tells the
// main process to run the CLI and exit instead of opening a window. No Electron here: tested
// under Node.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const CLI_ENV = 'STRATA_CLI';
const MARKER = '# Installed by Strata';

/** The script: the app's executable in CLI mode, every argument passed on as it came. */
export function cliShim(executable: string): string {
  const quoted = `'${executable.replaceAll("'", `'\\''`)}'`;
  const why = `${MARKER} (menu: Install 'strata' Command in PATH): the CLI of the app below.`;
  return `#!/bin/sh\n${why}\n${CLI_ENV}=1 exec ${quoted} "$@"\n`;
}

/**
 * The app's executable as a user would start it: inside an AppImage, process.execPath lies
 * in a mount that vanishes when the app quits, so the AppImage file itself (APPIMAGE).
 */
export function appExecutable(execPath: string, env: NodeJS.ProcessEnv): string {
  return env.APPIMAGE ?? execPath;
}

/** Where the script goes, best first: a folder on PATH that needs no administrator. */
export function shimTargets(platform: NodeJS.Platform, home: string): string[] {
  const user = join(home, '.local', 'bin', 'strata');
  return platform === 'darwin' ? ['/usr/local/bin/strata', user] : [user];
}

export type ShimInstall =
  | { readonly ok: true; readonly path: string; readonly onPath: boolean }
  | { readonly ok: false; readonly reason: string };

function ourScript(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').split('\n')[1]?.startsWith(MARKER) === true;
  } catch {
    return false;
  }
}

/**
 * Writes the script at the first target that takes it. A `strata` there that Strata did not
 * write (an npm-installed CLI, say) is left alone: that target is skipped, and named if no
 * other one works.
 */
export function installCliShim(options: {
  readonly executable: string;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly path: string | undefined;
  readonly targets?: readonly string[];
}): ShimInstall {
  const reasons: string[] = [];
  for (const target of options.targets ?? shimTargets(options.platform, options.home)) {
    if (existsSync(target) && !ourScript(target)) {
      reasons.push(`${target} exists and was not installed by Strata: remove it first to use this one`);
      continue;
    }
    try {
      mkdirSync(dirname(target), { recursive: true });
      const staging = `${target}.${process.pid}.tmp`;
      writeFileSync(staging, cliShim(options.executable));
      chmodSync(staging, 0o755);
      renameSync(staging, target);
      const onPath = (options.path ?? '').split(delimiter).includes(dirname(target));
      return { ok: true, path: target, onPath };
    } catch (error) {
      reasons.push(`${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ok: false, reason: reasons.join('\n') };
}

/** What the menu action tells the user. */
export function shimReport(result: ShimInstall): {
  readonly ok: boolean;
  readonly message: string;
  readonly detail: string;
} {
  if (!result.ok) return { ok: false, message: "The 'strata' command could not be installed", detail: result.reason };
  const dir = dirname(result.path);
  return {
    ok: true,
    message: `'strata' is installed: ${result.path}`,
    detail: result.onPath
      ? 'Open a new terminal and run: strata --help'
      : `${dir} is not on your PATH yet: add it (export PATH="${dir}:$PATH" in your shell's profile), ` +
        'then open a new terminal.',
  };
}

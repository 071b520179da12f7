// `strata serve`: the studio in a browser, through the bridge on 127.0.0.1.
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridge } from '../../bridge/server.ts';
import { MemorySecretStore } from '../../engine/service/secrets.ts';
import { projectDirIfAny } from '../../engine/usecases/project.ts';
import { stringOption, type Command } from '../command.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint } from '../output.ts';

/** The package's folder: three levels up from this source file, one from the bundle in dist/cli. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const RENDERER_DIR = join(packageRoot(), 'dist', 'renderer');
const SAMPLE_PROJECT = join(packageRoot(), 'migrations-sample');

export function configDir(env: NodeJS.ProcessEnv): string {
  return env.STRATA_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'strata');
}

export const serveCommand: Command = {
  usage: 'strata serve [--project DIR] [--port N]',
  options: ['port'],
  async run(ctx, values) {
    const portText = stringOption(values, 'port');
    const port = portText === undefined ? 0 : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port takes a number from 0 to 65535, not '${portText}'`);
    // No project named and none around: the studio opens on its welcome screen.
    const found = ctx.options.project ? resolve(ctx.cwd, ctx.options.project) : projectDirIfAny(ctx.cwd);
    const projectDir = found ?? ctx.cwd;
    const welcome = {
      show: found === undefined,
      sample: existsSync(join(SAMPLE_PROJECT, 'strata.json')) ? SAMPLE_PROJECT : null,
    };
    const bridge = await startBridge({
      projectDir,
      configDir: configDir(ctx.env),
      secrets: new MemorySecretStore(),
      staticDir: RENDERER_DIR,
      port,
      welcome,
    });
    line(
      ctx.out,
      found ? `Strata studio for ${projectDir}` : `Strata studio (no project in ${ctx.cwd}: the welcome screen)`,
    );
    line(ctx.out, paint(ctx.out, 'bold', bridge.url));
    line(
      ctx.out,
      paint(
        ctx.out,
        'gray',
        "open this URL: the part after # is this session's key, " +
          'kept by the tab (never in a cookie); a new tab needs the URL again',
      ),
    );
    line(
      ctx.out,
      paint(ctx.out, 'gray', 'passwords stay in memory for this session (no keychain in browser mode); Ctrl-C stops'),
    );
    await new Promise<void>((done) => {
      const stop = (): void => {
        void bridge.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};

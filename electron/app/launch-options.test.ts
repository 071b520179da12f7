import { describe, expect, it } from 'vitest';
import { chooseProject, launchArguments, projectArgument, requestedProject } from './launch-options.ts';

const base = {
  args: [] as string[],
  env: {} as NodeJS.ProcessEnv,
  cwd: '/work',
  lastProject: '/projects/last',
  home: '/home/me',
  isDirectory: (p: string) => ['/projects/last', '/repo/migrations-sample'].includes(p),
};

describe('the project a launch opens', () => {
  it('takes the arguments after the entry script, or all of them when packaged', () => {
    const entry = '/repo/dist/electron/main.js';
    expect(launchArguments(['/bin/electron', '--inspect=0', 'dist/electron/main.js', 'proj'], entry, '/repo')).toEqual([
      'proj',
    ]);
    expect(launchArguments(['/bin/electron', entry, '--project', 'p'], entry, '/elsewhere')).toEqual([
      '--project',
      'p',
    ]);
    expect(launchArguments(['/opt/Strata/strata', '--project', 'p'], entry, '/')).toEqual(['--project', 'p']);
  });

  it('reads --project, --project= or a bare folder, ignoring Chromium and Playwright switches', () => {
    expect(projectArgument(['--project', 'p'])).toBe('p');
    expect(projectArgument(['--inspect=0', '--project=q'])).toBe('q');
    expect(projectArgument(['--remote-debugging-port=0', 'r'])).toBe('r');
    expect(projectArgument(['--no-sandbox'])).toBeUndefined();
  });

  it('prefers the argument, then STRATA_PROJECT, then the last project, then home (the welcome screen)', () => {
    expect(chooseProject({ ...base, args: ['--project', 'mine'], env: { STRATA_PROJECT: '/env' } })).toEqual({
      dir: '/work/mine',
      source: 'argument',
    });
    expect(chooseProject({ ...base, env: { STRATA_PROJECT: 'rel' } })).toEqual({
      dir: '/work/rel',
      source: 'environment',
    });
    expect(chooseProject(base)).toEqual({ dir: '/projects/last', source: 'last project' });
    // A checkout opens no sample by itself: like the installed app, it shows the welcome screen.
    expect(chooseProject({ ...base, lastProject: '/projects/deleted' })).toEqual({ dir: '/home/me', source: 'home' });
    expect(chooseProject({ ...base, lastProject: undefined })).toEqual({ dir: '/home/me', source: 'home' });
  });

  it("opens the folder of a file manager's file:// URL, and of a strata.json or alembic.ini given", () => {
    expect(chooseProject({ ...base, args: ['file:///srv/my%20app/db'] })).toEqual({
      dir: '/srv/my app/db',
      source: 'argument',
    });
    expect(chooseProject({ ...base, args: ['db/strata.json'] })).toEqual({ dir: '/work/db', source: 'argument' });
    expect(chooseProject({ ...base, args: ['file:///srv/app/alembic.ini'] })).toEqual({
      dir: '/srv/app',
      source: 'argument',
    });
    expect(chooseProject({ ...base, env: { STRATA_PROJECT: '/srv/app/strata.json' } })).toEqual({
      dir: '/srv/app',
      source: 'environment',
    });
  });

  it('prefers a folder macOS handed over before ready (open-file) to every other source', () => {
    expect(chooseProject({ ...base, opened: '/Users/me/app', args: ['--project', 'mine'] })).toEqual({
      dir: '/Users/me/app',
      source: 'opened',
    });
    expect(chooseProject({ ...base, opened: '/Users/me/app/alembic.ini' })).toEqual({
      dir: '/Users/me/app',
      source: 'opened',
    });
  });

  it("reads a later launch's project from its own arguments and working folder", () => {
    expect(requestedProject(['--inspect=0', 'db'], '/elsewhere')).toBe('/elsewhere/db');
    expect(requestedProject(['file:///srv/app/strata.json'], '/')).toBe('/srv/app');
    expect(requestedProject(['--no-sandbox'], '/')).toBeUndefined();
  });
});

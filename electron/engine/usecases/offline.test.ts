// The FROM:TO range of an offline script: a blank or 'base' start is the empty database.
import { describe, expect, it } from 'vitest';
import { loadProject } from '../project/project.ts';
import { offlineScript } from './offline.ts';

const project = loadProject('migrations-sample');
const request = { direction: 'upgrade' as const, singleTransaction: false, settings: {} };
/** The script without its first line, which echoes the target as typed. */
const body = (target: string): string => offlineScript(project, { ...request, target }).replace(/^.*\n/, '');

describe('offline ranges', () => {
  it("reads a blank start (' :heads') as ':heads' and 'base:heads'", () => {
    expect(body(':heads')).toBe(body('base:heads'));
    expect(body(' :heads')).toBe(body('base:heads'));
  });

  it('names the range when it has no end', () => {
    expect(() => offlineScript(project, { ...request, target: 'base:' })).toThrow("'base:': the range needs an end");
  });
});

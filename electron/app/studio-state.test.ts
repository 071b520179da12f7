import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, initialBounds, readStudioState, writeStudioState } from './studio-state.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1050 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'strata-state-'));
  dirs.push(d);
  return d;
}

describe('studio state', () => {
  it('round-trips window bounds and the last project', () => {
    const file = join(tmp(), 'nested', 'studio-state.json');
    const state = {
      window: { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true },
      lastProject: '/p',
    };
    writeStudioState(file, state);
    expect(readStudioState(file)).toEqual(state);
  });

  it('starts from nothing when the file is missing, damaged or of the wrong shape', () => {
    const dir = tmp();
    expect(readStudioState(join(dir, 'missing.json'))).toEqual({});
    writeFileSync(join(dir, 'bad.json'), '{"window":');
    expect(readStudioState(join(dir, 'bad.json'))).toEqual({});
    writeFileSync(join(dir, 'odd.json'), JSON.stringify({ window: { bounds: { x: 'a' } }, lastProject: 3 }));
    expect(readStudioState(join(dir, 'odd.json'))).toEqual({});
  });

  it('reopens where it was when that display is still there, shrunk to fit', () => {
    expect(initialBounds({ x: 100, y: 50, width: 1200, height: 800 }, [screen])).toEqual({
      x: 100,
      y: 50,
      width: 1200,
      height: 800,
    });
    expect(initialBounds({ x: 100, y: 50, width: 4000, height: 3000 }, [screen])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1050,
    });
    const second = { x: 1920, y: 0, width: 1280, height: 1000 };
    expect(initialBounds({ x: 2000, y: 100, width: 1000, height: 700 }, [screen, second])).toEqual({
      x: 2000,
      y: 100,
      width: 1000,
      height: 700,
    });
  });

  it('falls back to the default size, centred, when the saved display is gone', () => {
    expect(initialBounds({ x: 2000, y: 100, width: 1000, height: 700 }, [screen])).toEqual(DEFAULT_SIZE);
    expect(initialBounds(undefined, [{ x: 0, y: 0, width: 1280, height: 720 }])).toEqual({ width: 1280, height: 720 });
  });
});

// An online run turns V8's optimizing compiler off for the rest of the process: a hot
// function then stays baseline code instead of being optimized.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** V8's optimization status bits of a hot function (%GetOptimizationStatus; 16 = optimized by TurboFan). */
function statusAfterWarmUp(turnOff: boolean): number {
  const module = pathToFileURL(resolve('electron/cli/short-run.ts')).href;
  const script = `
    const { withoutOptimizingCompiler } = await import(${JSON.stringify(module)});
    if (${turnOff}) withoutOptimizingCompiler();
    function hot(a, b) { return a * b + 1; }
    %PrepareFunctionForOptimization(hot);
    for (let i = 0; i < 1000; i++) hot(i, 2);
    %OptimizeFunctionOnNextCall(hot);
    hot(1, 2);
    process.stdout.write(String(%GetOptimizationStatus(hot)));`;
  return Number(
    execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    }),
  );
}

describe('withoutOptimizingCompiler', () => {
  it('keeps hot code out of TurboFan', () => {
    const TURBOFAN = 16;
    expect(statusAfterWarmUp(false) & TURBOFAN).toBe(TURBOFAN);
    expect(statusAfterWarmUp(true) & TURBOFAN).toBe(0);
  });
});

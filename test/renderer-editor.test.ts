// The editor (renderer/editor) is a component library: what it shows, its theme included,
// comes in as props. It reads no studio store and knows no feature, so any screen (and a
// future review or merge screen) can use it as it is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './support/source-files.ts';

describe('renderer/editor', () => {
  it('imports nothing from the studio store, the features or the app shell', () => {
    const offenders = sourceFiles('renderer/editor').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?['"]([^'"]+)['"]/gm)]
        .map((m) => m[1] as string)
        .filter((spec) => /^\.\.\/(store|features|app)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});

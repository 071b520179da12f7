// What the studio's first screen evaluates, read from a real build of the renderer (vite.config.ts,
// not written to disk): the page's entry is small and asks for the graph before React loads;
// the first screen (the entry, the chunks index.html preloads and everything they import)
// holds the shell and the graph, never Monaco nor the screens it does not show.
import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

type Chunk = Rolldown.OutputChunk;

let chunks: Chunk[] = [];
let html = '';

beforeAll(async () => {
  const result = await build({
    configFile: resolve('vite.config.ts'),
    logLevel: 'silent',
    build: { write: false, outDir: resolve('.tmp', `first-screen-${process.pid}`), emptyOutDir: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = outputs.flatMap((o) => o.output);
  chunks = files.filter((f): f is Chunk => f.type === 'chunk');
  const page = files.find((f) => f.fileName === 'index.html');
  if (page?.type !== 'asset') throw new Error('the build wrote no index.html');
  html = String(page.source);
}, 120_000);

/** The chunks a `<script>` or `<link>` of index.html names (by `attribute` value), and what they import. */
function loadedBy(pattern: RegExp): { files: string[]; modules: string[]; bytes: number } {
  const named = [...html.matchAll(pattern)].map((m) => (m[1] as string).replace(/^\.\//, ''));
  const files: string[] = [];
  const visit = (fileName: string): void => {
    const chunk = chunks.find((c) => c.fileName === fileName);
    if (!chunk || files.includes(fileName)) return;
    files.push(fileName);
    chunk.imports.forEach(visit);
  };
  named.forEach(visit);
  const loaded = chunks.filter((c) => files.includes(c.fileName));
  return {
    files,
    modules: loaded.flatMap((c) => c.moduleIds.map((id) => id.replace(/\\/g, '/'))),
    bytes: loaded.reduce((n, c) => n + c.code.length, 0),
  };
}

const ENTRY = /<script type="module"[^>]* src="([^"]+)"/g;
const FIRST_SCREEN = /<(?:script type="module"[^>]* src|link rel="modulepreload"[^>]* href)="([^"]+)"/g;

describe('the renderer build', () => {
  it("the page's entry asks for the first screen's data and loads neither React DOM nor the studio", () => {
    const entry = loadedBy(ENTRY);
    expect(entry.files).toHaveLength(1);
    expect(entry.modules.some((id) => id.endsWith('renderer/api/early-answers.ts'))).toBe(true);
    expect(entry.modules.filter((id) => /node_modules\/react-dom\/|renderer\/app\/App\.tsx$/.test(id))).toEqual([]);
  });

  it('index.html preloads the studio, so importing it does not wait for the entry to run', () => {
    const first = loadedBy(FIRST_SCREEN);
    for (const wanted of ['renderer/app/mount.tsx', 'renderer/features/graph/GraphView.tsx', 'react-dom'])
      expect(
        first.modules.some((id) => id.includes(wanted)),
        wanted,
      ).toBe(true);
    // Everything the entry's import() needs is named in the page, none of it found late.
    const studio = chunks.find((c) => c.facadeModuleId?.endsWith('renderer/app/mount.tsx'));
    expect(studio && first.files).toContain(studio?.fileName);
  });

  it('the first screen holds no Monaco, no merge screen and no autogenerate review', () => {
    const first = loadedBy(FIRST_SCREEN);
    const banned = first.modules.filter((id) =>
      /node_modules\/monaco-editor\/|renderer\/editor\/Monaco|renderer\/features\/(merge|review)\/(?!lazy|index)/.test(
        id,
      ),
    );
    expect(banned).toEqual([]);
    // …which are chunks of their own, loaded when opened.
    const lazy = chunks.filter((c) => !first.files.includes(c.fileName)).flatMap((c) => c.moduleIds);
    for (const screen of ['features/merge/MergeScreen.tsx', 'features/review/ReviewScreen.tsx'])
      expect(
        lazy.some((id) => id.replace(/\\/g, '/').endsWith(screen)),
        screen,
      ).toBe(true);
  });
});

import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The studio's React tree, loaded by the page's small entry (renderer/main.tsx) with import(). */
const STUDIO_MODULE = '/renderer/app/mount.tsx';

/**
 * The entry asks for the first screen's data before it imports the studio; so that the import
 * does not wait for the entry to run, index.html names the studio's chunks (modulepreload)
 * and its stylesheets, and the browser fetches them alongside the entry.
 */
function preloadStudio(): Plugin {
  return {
    name: 'strata-preload-studio',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return undefined;
        const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
        const studio = chunks.find((c) => c.facadeModuleId?.endsWith(STUDIO_MODULE));
        if (!studio) throw new Error(`no chunk for ${STUDIO_MODULE}: did renderer/main.tsx stop importing it?`);
        const files: string[] = [];
        const css = new Set<string>();
        const visit = (fileName: string): void => {
          const chunk = chunks.find((c) => c.fileName === fileName);
          if (!chunk || chunk.isEntry || files.includes(fileName)) return;
          files.push(fileName);
          for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file);
          chunk.imports.forEach(visit);
        };
        visit(studio.fileName);
        return [
          ...files.map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          })),
          ...[...css].map((file) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

// The renderer, built once for both doors: Electron loads dist/renderer from disk, the bridge
// serves the same files. Monaco and its workers are bundled: nothing comes from a CDN.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), preloadStudio()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});

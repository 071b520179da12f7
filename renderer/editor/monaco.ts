// Monaco, bundled: the editor core, the few features a SQL viewer/editor needs, the SQL
// grammars and the editor worker, all shipped as our own files. Nothing is fetched from a
// CDN and nothing is eval'd, so the page's CSP (script-src 'self', worker-src 'self' blob:,
// style-src 'unsafe-inline' for the styles Monaco injects) is all it needs.
//
// The tree-shakeable entry (`monaco-editor/editor`) keeps out the TypeScript/CSS/HTML/JSON
// language services and their multi-megabyte workers, which a SQL studio never uses.
import * as monaco from 'monaco-editor/editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register'; // lint quick fixes
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/diffEditor/register'; // the review screen's before/after
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/suggest/register';
// features/suggest registers only inline completions; the suggest widget itself lives here.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/sql/register';
import 'monaco-editor/languages/definitions/pgsql/register';

// The only worker a SQL editor needs: the generic editor worker (diff computation, word-based
// suggestions, link detection). Vite emits it as a same-origin module file.
self.MonacoEnvironment = {
  getWorker: () => new EditorWorker({ name: 'monaco-editor' }),
};

export { monaco };

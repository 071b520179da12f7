// The editor module: Monaco bundled with its worker, themes that follow the studio's, a
// model registry keyed by URI, and a small React SQL editor over it.
export { SqlEditor, preloadSqlEditor } from './SqlEditor.tsx';
export { SqlDiffEditor } from './SqlDiffEditor.tsx';
export {
  fileLineToModelLine,
  type EditorTheme,
  type HighlightKind,
  type LineHighlight,
  type SqlDiffProps,
  type SqlEditorProps,
  type SqlLanguage,
  type SqlMarker,
  type SqlQuickFix,
} from './types.ts';
export { revisionSqlUri, runSqlUri, type SqlSection } from './uris.ts';

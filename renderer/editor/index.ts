// The editor module: Monaco bundled with its worker, themes that follow the studio's, a
// model registry keyed by URI, and a small React SQL editor over it.
export { SqlEditor, preloadSqlEditor } from './SqlEditor.tsx';
export {
  fileLineToModelLine,
  type EditorTheme,
  type HighlightKind,
  type LineHighlight,
  type SqlEditorProps,
  type SqlLanguage,
  type SqlMarker,
  type SqlQuickFix,
} from './types.ts';
export { revisionSqlUri, runSqlUri, type SqlSection } from './uris.ts';

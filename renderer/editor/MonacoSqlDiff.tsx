// Two texts side by side in Monaco's diff editor, read-only: a schema before and after, a file
// before and after a fix. Its two models belong to this component alone (they are not shared
// through the registry: no other editor shows them) and are disposed with it.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { monaco } from './monaco.ts';
import { applyMonacoTheme, monoFontFamily } from './theme.ts';
import type { SqlDiffProps } from './types.ts';
import './editor.css';

export default function MonacoSqlDiff(props: SqlDiffProps) {
  const { original, modified, language = 'sql', theme, sideBySide = true } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const modelsRef = useRef<{ original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel } | null>(null);

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    applyMonacoTheme(theme);
    const editor = monaco.editor.createDiffEditor(host, {
      readOnly: true,
      domReadOnly: true,
      originalEditable: false,
      renderSideBySide: sideBySide,
      useInlineViewWhenSpaceIsLimited: true,
      automaticLayout: true,
      fontFamily: monoFontFamily(),
      fontSize: 12,
      lineHeight: 19,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderOverviewRuler: false,
      lineNumbersMinChars: 3,
      folding: false,
      stickyScroll: { enabled: false },
      // A thousand-table schema with ten changes: the unchanged tables fold away.
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 6, revealLineCount: 20 },
      ariaLabel: props.ariaLabel,
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10, alwaysConsumeMouseWheel: false },
    });
    const models = {
      original: monaco.editor.createModel(original, language),
      modified: monaco.editor.createModel(modified, language),
    };
    editor.setModel(models);
    editorRef.current = editor;
    modelsRef.current = models;
    return () => {
      editor.dispose();
      models.original.dispose();
      models.modified.dispose();
      editorRef.current = null;
      modelsRef.current = null;
    };
    // Created once; texts and the theme are applied below.
  }, []);

  useEffect(() => applyMonacoTheme(theme), [theme]);

  useLayoutEffect(() => {
    const models = modelsRef.current;
    if (!models) return;
    if (models.original.getValue() !== original) models.original.setValue(original);
    if (models.modified.getValue() !== modified) models.modified.setValue(modified);
  }, [original, modified]);

  useLayoutEffect(() => {
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide });
  }, [sideBySide]);

  return (
    <div
      className={`sql-editor sql-diff${props.className ? ` ${props.className}` : ''}`}
      data-testid={props.testId}
      role="group"
      aria-label={props.ariaLabel}
    >
      <div ref={hostRef} className="sql-editor-host" />
    </div>
  );
}

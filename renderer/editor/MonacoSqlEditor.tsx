// The Monaco-backed SQL editor. The editor instance lives in a ref, its model comes from the
// registry (keyed by URI), and the component is controlled by plain text: `value` in,
// `onChange` out. Loaded lazily through index.ts so the shell paints before Monaco parses.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { leaseModel, saveViewState, viewStateOf, type ModelLease } from './model-registry.ts';
import { monaco } from './monaco.ts';
import { fixesInRange } from './quick-fixes.ts';
import { applyMonacoTheme, monoFontFamily } from './theme.ts';
import type { HighlightKind, SqlEditorProps, SqlMarker, SqlQuickFix } from './types.ts';
import './editor.css';

const RULER: Record<HighlightKind, string> = {
  error: 'editorError.foreground',
  warning: 'editorWarning.foreground',
  info: 'editorInfo.foreground',
};

const SEVERITY: Record<SqlMarker['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
  hint: monaco.MarkerSeverity.Hint,
};

const MARKER_OWNER = 'strata';

// Quick fixes: one code action provider and one command for every editor, answering from what
// each mounted editor registered for its model's URI.
interface QuickFixEntry {
  readonly fixes: readonly SqlQuickFix[];
  readonly apply: (id: string) => void;
}
const quickFixesByUri = new Map<string, QuickFixEntry>();
const QUICK_FIX_COMMAND = 'strata.applyQuickFix';
let quickFixSetup = false;

function setupQuickFixes(): void {
  if (quickFixSetup) return;
  quickFixSetup = true;
  monaco.editor.registerCommand(QUICK_FIX_COMMAND, (_accessor: unknown, uri: unknown, id: unknown) => {
    if (typeof uri === 'string' && typeof id === 'string') quickFixesByUri.get(uri)?.apply(id);
  });
  const provider: monaco.languages.CodeActionProvider = {
    provideCodeActions(model, range, context) {
      const uri = model.uri.toString();
      const entry = quickFixesByUri.get(uri);
      if (!entry) return { actions: [], dispose: () => {} };
      const actions: monaco.languages.CodeAction[] = fixesInRange(
        entry.fixes,
        range.startLineNumber,
        range.endLineNumber,
      ).map((f) => ({
        title: f.title,
        kind: 'quickfix',
        isPreferred: f.preferred ?? false,
        diagnostics: context.markers.filter(
          (m) =>
            m.source === 'strata lint' &&
            (f.code === undefined || (typeof m.code === 'string' ? m.code : m.code?.value) === f.code),
        ),
        command: { id: QUICK_FIX_COMMAND, title: f.title, arguments: [uri, f.id] },
      }));
      return { actions, dispose: () => {} };
    },
  };
  for (const language of ['sql', 'pgsql'])
    monaco.languages.registerCodeActionProvider(language, provider, { providedCodeActionKinds: ['quickfix'] });
}

export default function MonacoSqlEditor(props: SqlEditorProps) {
  const {
    uri,
    value,
    language = 'sql',
    theme,
    readOnly = false,
    firstLineNumber = 1,
    autoHeight,
    revealLine,
    wordWrap = false,
  } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const leaseRef = useRef<ModelLease | null>(null);
  const uriRef = useRef(uri);
  const decorationsRef = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const onChangeRef = useRef(props.onChange);
  // Set while we write `value` into the model, so our own write is not echoed to onChange.
  const applyingRef = useRef(false);
  const [height, setHeight] = useState<number | undefined>(autoHeight?.min);

  useLayoutEffect(() => {
    onChangeRef.current = props.onChange;
  });

  // One editor per mounted component; its model is swapped as the URI changes.
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    // Themed before creation, so a dark studio never flashes a light editor.
    applyMonacoTheme(theme);
    const editor = monaco.editor.create(host, {
      model: null,
      readOnly,
      domReadOnly: readOnly,
      fontFamily: monoFontFamily(),
      fontSize: 12,
      lineHeight: 19,
      fontLigatures: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      automaticLayout: true,
      fixedOverflowWidgets: true,
      overviewRulerLanes: 1,
      overviewRulerBorder: false,
      hideCursorInOverviewRuler: true,
      lineNumbersMinChars: 3,
      lineDecorationsWidth: 10,
      glyphMargin: false,
      folding: false,
      stickyScroll: { enabled: false },
      renderLineHighlightOnlyWhenFocus: true,
      padding: { top: 8, bottom: 8 },
      scrollbar: {
        verticalScrollbarSize: 10,
        horizontalScrollbarSize: 10,
        alwaysConsumeMouseWheel: false,
        useShadows: false,
      },
      guides: { indentation: false },
      contextmenu: true,
      wordBasedSuggestions: 'currentDocument',
      quickSuggestions: false,
      occurrencesHighlight: 'off',
      // Markers (lint findings) are squiggled in read-only text too, not only while editing.
      renderValidationDecorations: 'on',
      ariaLabel: props.ariaLabel,
    });
    editorRef.current = editor;
    decorationsRef.current = editor.createDecorationsCollection();
    const changes = editor.onDidChangeModelContent(() => {
      if (!applyingRef.current) onChangeRef.current?.(editor.getValue());
    });
    return () => {
      saveViewState(uriRef.current, editor.saveViewState());
      changes.dispose();
      editor.dispose();
      editorRef.current = null;
      decorationsRef.current = null;
    };
    // The editor is created once; every option that can change is applied below.
  }, []);

  useEffect(() => {
    applyMonacoTheme(theme);
  }, [theme]);

  useLayoutEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const lease = leaseModel(uri, value, language);
    leaseRef.current = lease;
    uriRef.current = uri;
    editor.setModel(lease.model);
    const state = viewStateOf(uri);
    if (state) editor.restoreViewState(state);
    return () => {
      const current = editorRef.current;
      if (current) {
        saveViewState(uri, current.saveViewState());
        current.setModel(null);
      }
      lease.release();
      leaseRef.current = null;
    };
    // `value` seeds a new model only; later values are applied by the effect below.
  }, [uri, language]);

  useLayoutEffect(() => {
    const model = leaseRef.current?.model;
    if (!model || model.getValue() === value) return;
    applyingRef.current = true;
    try {
      if (readOnly) model.setValue(value);
      // While editing, an outside change (reset, quick fix) stays undoable.
      else model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    } finally {
      applyingRef.current = false;
    }
  }, [value, uri, readOnly]);

  useLayoutEffect(() => {
    editorRef.current?.updateOptions({
      ariaLabel: props.ariaLabel,
      readOnly,
      domReadOnly: readOnly,
      // Read-only code is something to read past: Tab leaves it, like any other control.
      tabFocusMode: readOnly,
      renderLineHighlight: readOnly ? 'none' : 'line',
      cursorStyle: readOnly ? 'line-thin' : 'line',
      // Monaco's code action model decides whether an editor offers code actions when its
      // model, language, providers or this option change, but not when readOnly does: an
      // editor created read-only would never offer its quick fixes (light bulb, Ctrl+.) after
      // "Edit". Changing the light bulb with readOnly makes it decide again.
      lightbulb: {
        enabled: readOnly ? monaco.editor.ShowLightbulbIconMode.Off : monaco.editor.ShowLightbulbIconMode.OnCode,
      },
      readOnlyMessage: { value: props.readOnlyMessage ?? 'Read-only' },
      lineNumbers: firstLineNumber === 1 ? 'on' : (n: number) => String(n + firstLineNumber - 1),
      wordWrap: wordWrap ? 'on' : 'off',
      wrappingIndent: 'indent',
    });
  }, [readOnly, firstLineNumber, props.readOnlyMessage, wordWrap, props.ariaLabel]);

  const highlightKey = JSON.stringify(props.highlights ?? []);
  useEffect(() => {
    const collection = decorationsRef.current;
    if (!collection) return;
    collection.set(
      (props.highlights ?? []).map((h) => ({
        range: new monaco.Range(h.line, 1, h.endLine ?? h.line, 1),
        options: {
          isWholeLine: true,
          className: `sql-line sql-line-${h.kind}`,
          linesDecorationsClassName: `sql-line-bar sql-line-bar-${h.kind}`,
          overviewRuler: { color: { id: RULER[h.kind] }, position: monaco.editor.OverviewRulerLane.Full },
          ...(h.message ? { hoverMessage: { value: h.message }, linesDecorationsTooltip: h.message } : {}),
        },
      })),
    );
  }, [highlightKey, uri]);

  const markerKey = JSON.stringify(props.markers ?? []);
  useEffect(() => {
    const model = leaseRef.current?.model;
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      (props.markers ?? []).map((m) => ({
        startLineNumber: m.line,
        startColumn: m.column ?? 1,
        endLineNumber: m.endLine ?? m.line,
        endColumn: m.endColumn ?? model.getLineMaxColumn(Math.min(m.endLine ?? m.line, model.getLineCount())),
        severity: SEVERITY[m.severity],
        message: m.message,
        ...(m.source ? { source: m.source } : {}),
        ...(m.code ? { code: m.code } : {}),
      })),
    );
  }, [markerKey, uri]);

  const quickFixKey = JSON.stringify(props.quickFixes ?? []);
  const onQuickFixRef = useRef(props.onQuickFix);
  useLayoutEffect(() => {
    onQuickFixRef.current = props.onQuickFix;
  });
  useEffect(() => {
    const fixes = props.quickFixes ?? [];
    if (fixes.length === 0) return;
    setupQuickFixes();
    const entry: QuickFixEntry = { fixes, apply: (id) => onQuickFixRef.current?.(id) };
    quickFixesByUri.set(uri, entry);
    return () => {
      if (quickFixesByUri.get(uri) === entry) quickFixesByUri.delete(uri);
    };
    // quickFixKey stands for props.quickFixes.
  }, [quickFixKey, uri]);

  // The first highlight is what the caller wants seen; short texts stay scrolled to the top.
  const firstHighlight = props.highlights?.[0];
  const revealFrom = revealLine ?? firstHighlight?.line;
  const revealTo = revealLine ?? firstHighlight?.endLine ?? firstHighlight?.line;
  useEffect(() => {
    if (revealFrom !== undefined && revealTo !== undefined)
      editorRef.current?.revealLinesInCenterIfOutsideViewport(revealFrom, revealTo, monaco.editor.ScrollType.Immediate);
  }, [revealFrom, revealTo, uri, height]);

  const min = autoHeight?.min;
  const max = autoHeight?.max;
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || min === undefined || max === undefined) return;
    const fit = (): void => setHeight(Math.min(max, Math.max(min, editor.getContentHeight())));
    const sub = editor.onDidContentSizeChange(fit);
    fit();
    return () => sub.dispose();
  }, [min, max, uri]);

  return (
    <div
      className={
        `sql-editor${readOnly ? ' sql-editor-readonly' : ' sql-editor-editing'}` +
        `${props.className ? ` ${props.className}` : ''}`
      }
      data-testid={props.testId}
      data-uri={uri}
      style={autoHeight ? { height } : undefined}
    >
      <div ref={hostRef} className="sql-editor-host" />
    </div>
  );
}

// The public SQL editor: Monaco is loaded on first use (its own chunk), and until it has
// parsed, the text is shown as plain monospace so nothing jumps or goes blank.
import { lazy, Suspense } from 'react';
import type { SqlEditorProps } from './types.ts';
import './editor.css';

const load = () => import('./MonacoSqlEditor.tsx');
const MonacoSqlEditor = lazy(load);

/** Starts loading Monaco ahead of need (e.g. when a panel that will show SQL mounts). */
export function preloadSqlEditor(): void {
  void load();
}

export function SqlEditor(props: SqlEditorProps) {
  return (
    <Suspense
      fallback={
        <div
          className={`sql-editor sql-editor-loading${props.className ? ` ${props.className}` : ''}`}
          data-testid={props.testId}
          style={props.autoHeight ? { height: props.autoHeight.min } : undefined}
        >
          <pre className="sql-editor-fallback">{props.value}</pre>
        </div>
      }
    >
      <MonacoSqlEditor {...props} />
    </Suspense>
  );
}

// The public SQL editor: Monaco is loaded on first use (its own chunk), and until it has
// parsed, the text is shown as plain monospace so nothing jumps or goes blank.
import { lazy, Suspense, useEffect, useState } from 'react';
import { afterIdle } from '../ui/index.ts';
import type { SqlEditorProps } from './types.ts';
import './editor.css';

let loaded = false;
const load = () =>
  import('./MonacoSqlEditor.tsx').then((module) => {
    loaded = true;
    return module;
  });
const MonacoSqlEditor = lazy(load);

/**
 * How long an editor shown before Monaco is in (a row selected right after the studio opened)
 * shows its text as plain monospace before Monaco is loaded. Monaco's evaluation is one long
 * task: started at once, it lands in the moments after the click that showed the editor, and
 * the next click or key waits behind it.
 */
const LOAD_ON_FIRST_USE_AFTER_MS = 300;

/** Starts loading Monaco ahead of need (e.g. when a panel that will show SQL mounts). */
export function preloadSqlEditor(): void {
  void load();
}

export function SqlEditor(props: SqlEditorProps) {
  const [wanted, setWanted] = useState(loaded);
  useEffect(() => (wanted ? undefined : afterIdle(LOAD_ON_FIRST_USE_AFTER_MS, () => setWanted(true))), [wanted]);
  const plain = (
    <div
      className={`sql-editor sql-editor-loading${props.className ? ` ${props.className}` : ''}`}
      data-testid={props.testId}
      style={props.autoHeight ? { height: props.autoHeight.min } : undefined}
    >
      <pre className="sql-editor-fallback">{props.value}</pre>
    </div>
  );
  if (!wanted) return plain;
  return (
    <Suspense fallback={plain}>
      <MonacoSqlEditor {...props} />
    </Suspense>
  );
}

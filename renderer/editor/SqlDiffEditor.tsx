// The public diff view: Monaco's diff editor loaded on first use, plain text until then.
import { lazy, Suspense } from 'react';
import type { SqlDiffProps } from './types.ts';
import './editor.css';

const MonacoSqlDiff = lazy(() => import('./MonacoSqlDiff.tsx'));

export function SqlDiffEditor(props: SqlDiffProps) {
  return (
    <Suspense
      fallback={
        <div className={`sql-editor sql-editor-loading${props.className ? ` ${props.className}` : ''}`}>
          <pre className="sql-editor-fallback">{props.modified}</pre>
        </div>
      }
    >
      <MonacoSqlDiff {...props} />
    </Suspense>
  );
}

// What the SQL editor is told, in plain data: line numbers are 1-based lines of the text
// shown (the model), not of the file; callers convert with fileLineToModelLine.
export type SqlLanguage = 'sql' | 'pgsql';
/** The studio's theme, which the editor follows: given as a prop, the editor reads no store. */
export type EditorTheme = 'dark' | 'light';
export type HighlightKind = 'error' | 'warning' | 'info';

/** A whole-line highlight (a failing statement, a finding's span). */
export interface LineHighlight {
  readonly line: number;
  readonly endLine?: number;
  readonly kind: HighlightKind;
  readonly message?: string;
}

/** A squiggle with a hover message, as language tools report them. */
export interface SqlMarker {
  readonly line: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
}

/**
 * A quick fix offered by Monaco (the light bulb, the marker hover, Ctrl+.) on the lines of a
 * marker with the same `code`. Applying one calls `onQuickFix(id)`: the caller does the work
 * (e.g. writes the file), never the editor. Monaco offers code actions only while editable.
 */
export interface SqlQuickFix {
  readonly id: string;
  readonly title: string;
  readonly line: number;
  readonly endLine?: number;
  /** The marker code (a rule id) the fix resolves. */
  readonly code?: string;
  readonly preferred?: boolean;
}

export interface SqlEditorProps {
  /** The model's identity (see uris.ts): editors showing one URI share one model. */
  readonly uri: string;
  readonly value: string;
  readonly language?: SqlLanguage;
  readonly theme: EditorTheme;
  readonly readOnly?: boolean;
  readonly onChange?: (value: string) => void;
  /** The gutter shows file lines: the file line of the text's first line. */
  readonly firstLineNumber?: number;
  readonly highlights?: readonly LineHighlight[];
  readonly markers?: readonly SqlMarker[];
  readonly quickFixes?: readonly SqlQuickFix[];
  readonly onQuickFix?: (id: string) => void;
  /** Scrolls this model line into view (centred if it was outside); defaults to the first highlight. */
  readonly revealLine?: number;
  /** Grow with the content between min and max pixels; without it the editor fills its parent. */
  readonly autoHeight?: { readonly min: number; readonly max: number };
  /** Soft-wrap long lines (narrow panels); off by default, like a code editor. */
  readonly wordWrap?: boolean;
  readonly readOnlyMessage?: string;
  readonly ariaLabel: string;
  readonly testId?: string;
  readonly className?: string;
}

/** A file line (as the runner and the linter report them) to a line of a section's text. */
export function fileLineToModelLine(fileLine: number, sectionFirstLine: number): number {
  return Math.max(1, fileLine - sectionFirstLine + 1);
}

/** Two texts compared (read-only): before on the left, after on the right. */
export interface SqlDiffProps {
  readonly original: string;
  readonly modified: string;
  readonly language?: SqlLanguage;
  readonly theme: EditorTheme;
  /** Side by side (default) or inline. */
  readonly sideBySide?: boolean;
  readonly ariaLabel: string;
  readonly testId?: string;
  readonly className?: string;
}

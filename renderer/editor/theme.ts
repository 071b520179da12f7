// Monaco themes that follow the studio's. Chrome colours come from the same CSS variables
// the rest of the app uses (renderer/app/theme.css), read through a hidden probe carrying
// the wanted data-theme, so there is one source of truth and no ordering race with the
// shell's own data-theme update. Syntax colours are Monaco-only and live here.
import { monaco } from './monaco.ts';
import type { EditorTheme } from './types.ts';

const SYNTAX: Record<EditorTheme, Record<string, string>> = {
  dark: {
    keyword: 'ff7b72',
    string: 'a5d6ff',
    number: '79c0ff',
    comment: '8b949e',
    predefined: 'd2a8ff',
    quoted: 'ffa657',
    operator: 'ff7b72',
    delimiter: 'c9d1d9',
  },
  light: {
    keyword: 'cf222e',
    string: '0a3069',
    number: '0550ae',
    comment: '6e7781',
    predefined: '8250df',
    quoted: '953800',
    operator: 'cf222e',
    delimiter: '24292f',
  },
};

const FALLBACK: Record<EditorTheme, Record<string, string>> = {
  dark: {
    '--bg-sunken': '#111317',
    '--bg-raised': '#1e2128',
    '--fg': '#d8dde6',
    '--fg-muted': '#8b93a3',
    '--border': '#2c313b',
    '--accent': '#5aa9ff',
    '--selection': '#23324a',
    '--danger': '#f85149',
  },
  light: {
    '--bg-sunken': '#eef0f3',
    '--bg-raised': '#ffffff',
    '--fg': '#1d232c',
    '--fg-muted': '#5f6877',
    '--border': '#d6dae1',
    '--accent': '#1f6feb',
    '--selection': '#dbe9ff',
    '--danger': '#cf222e',
  },
};

function readVariables(kind: EditorTheme): (name: string) => string {
  const probe = document.createElement('div');
  probe.dataset.theme = kind;
  probe.style.display = 'none';
  document.body.appendChild(probe);
  const style = getComputedStyle(probe);
  const values = new Map<string, string>();
  for (const name of Object.keys(FALLBACK[kind])) values.set(name, style.getPropertyValue(name).trim());
  probe.remove();
  return (name) => {
    const value = values.get(name) ?? '';
    return /^#[0-9a-f]{6}$/i.test(value) ? value : (FALLBACK[kind][name] ?? '#888888');
  };
}

export function monacoThemeName(kind: EditorTheme): string {
  return `strata-${kind}`;
}

const defined = new Set<EditorTheme>();

function define(kind: EditorTheme): void {
  const v = readVariables(kind);
  const s = SYNTAX[kind];
  const rule = (token: string, foreground: string | undefined, fontStyle?: string) => ({
    token,
    foreground: foreground ?? '',
    ...(fontStyle ? { fontStyle } : {}),
  });
  monaco.editor.defineTheme(monacoThemeName(kind), {
    base: kind === 'dark' ? 'vs-dark' : 'vs',
    inherit: true,
    rules: [
      rule('keyword', s.keyword),
      rule('operator', s.operator),
      rule('string', s.string),
      rule('number', s.number),
      rule('comment', s.comment, 'italic'),
      rule('comment.quote', s.comment, 'italic'),
      rule('predefined', s.predefined),
      rule('identifier.quote', s.quoted),
      rule('delimiter', s.delimiter),
    ],
    colors: {
      'editor.background': v('--bg-sunken'),
      'editor.foreground': v('--fg'),
      'editorGutter.background': v('--bg-sunken'),
      'editorLineNumber.foreground': `${v('--fg-muted')}99`,
      'editorLineNumber.activeForeground': v('--fg'),
      'editorCursor.foreground': v('--accent'),
      'editor.selectionBackground': v('--selection'),
      'editor.inactiveSelectionBackground': `${v('--selection')}aa`,
      'editor.lineHighlightBackground': `${v('--bg-raised')}`,
      'editor.lineHighlightBorder': '#00000000',
      'editorWidget.background': v('--bg-raised'),
      'editorWidget.border': v('--border'),
      'editorHoverWidget.background': v('--bg-raised'),
      'editorHoverWidget.border': v('--border'),
      'editorSuggestWidget.background': v('--bg-raised'),
      'editorSuggestWidget.border': v('--border'),
      'editorError.foreground': v('--danger'),
      'editorOverviewRuler.border': '#00000000',
      focusBorder: `${v('--accent')}00`,
      'scrollbar.shadow': '#00000000',
      'scrollbarSlider.background': `${v('--fg-muted')}33`,
      'scrollbarSlider.hoverBackground': `${v('--fg-muted')}55`,
      'scrollbarSlider.activeBackground': `${v('--fg-muted')}77`,
      'editorIndentGuide.background1': `${v('--border')}`,
    },
  });
  defined.add(kind);
}

/** Monaco has one theme for all editors: set it whenever the studio's theme changes. */
export function applyMonacoTheme(kind: EditorTheme): void {
  if (!defined.has(kind)) define(kind);
  monaco.editor.setTheme(monacoThemeName(kind));
}

/** The studio's monospace stack, for Monaco's fontFamily option (system fonts only). */
export function monoFontFamily(): string {
  return (
    getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() ||
    "'SF Mono', Menlo, Consolas, monospace"
  );
}

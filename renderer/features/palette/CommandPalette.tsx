// The command palette: Ctrl/Cmd+K or Ctrl/Cmd+Shift+P. Type to filter (fuzzy), Up/Down to
// move, Enter to run, Escape to close; Backspace on an empty second question goes back.
// What is typed and which row is selected are view state of one opening, so they live in
// the component and vanish when it closes.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useStudio, useStudioStore } from '../../store/context.tsx';
import {
  Badge,
  Dialog,
  IconArrowDown,
  IconArrowUp,
  IconBranch,
  IconClose,
  IconDatabase,
  IconMoon,
  IconPlus,
  IconRefresh,
  IconSearch,
  IconStep,
  IconStop,
  IconTarget,
  Kbd,
  shortcutKeys,
} from '../../ui/index.ts';
import { useRun, useRunStore } from '../run/index.ts';
import {
  buildCommands,
  rankItems,
  type CommandIcon,
  type PaletteItem,
  type PaletteStep,
  type RankedItem,
} from './commands.ts';
import './palette.css';

export function CommandPalette() {
  const open = useStudio((s) => s.paletteOpen);
  const setPaletteOpen = useStudio((s) => s.setPaletteOpen);
  return open ? <Palette onClose={() => setPaletteOpen(false)} /> : null;
}

function Palette({ onClose }: { readonly onClose: () => void }) {
  const studio = useStudioStore();
  // The commands follow the state they depend on; re-built only when one of these changes.
  const connections = useStudio((s) => s.connections);
  const activeId = useStudio((s) => s.activeConnectionId);
  const graph = useStudio((s) => s.graph);
  const statuses = useStudio((s) => s.statuses);
  const runStore = useRunStore();
  const runKey = useRun((s) => (s.run ? `${s.run.phase}:${s.run.steps.length}:${s.run.current ?? ''}` : ''));
  const theme = useStudio((s) => s.theme);
  const commands = useMemo(
    () => buildCommands(studio, runStore),
    [studio, runStore, connections, activeId, graph, statuses, runKey, theme],
  );

  const [step, setStep] = useState<PaletteStep | null>(null);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const listId = useId();

  const ranked: readonly RankedItem[] = useMemo(
    () => (step ? step.items(query) : rankItems(commands, query)),
    [step, query, commands],
  );
  const index = Math.min(selected, Math.max(0, ranked.length - 1));
  const grouped = !step && !query.trim();

  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [index, ranked]);

  const execute = (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.action.kind === 'ask') {
      setStep(item.action.step);
      setQuery('');
      setSelected(0);
      input.current?.focus();
      return;
    }
    onClose();
    item.action.run();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const page = 8;
    const move = (to: number) => {
      event.preventDefault();
      if (ranked.length > 0) setSelected((to + ranked.length) % ranked.length);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'PageDown':
        return move(Math.min(ranked.length - 1, index + page));
      case 'PageUp':
        return move(Math.max(0, index - page));
      case 'Home':
        if (event.ctrlKey || event.metaKey) move(0);
        return;
      case 'End':
        if (event.ctrlKey || event.metaKey) move(ranked.length - 1);
        return;
      case 'Enter':
        event.preventDefault();
        execute(ranked[index]?.item);
        return;
      case 'Backspace':
        if (step && query === '') {
          event.preventDefault();
          setStep(null);
          setSelected(0);
        }
        return;
    }
  };

  const activeOption = ranked[index] ? `${listId}-${index}` : undefined;
  let lastGroup = '';

  return (
    <Dialog
      open
      bare
      onClose={onClose}
      title="Command palette"
      closeOnBackdrop
      className="palette"
      size="lg"
      data-testid="command-palette"
      initialFocus={input}
    >
      <div className={step?.protected ? 'palette__search is-protected' : 'palette__search'}>
        <IconSearch />
        {step ? (
          <button
            type="button"
            className="palette__step"
            onClick={() => {
              setStep(null);
              setSelected(0);
              input.current?.focus();
            }}
            title="Back to all commands (Backspace)"
          >
            {step.title}
            {step.protected ? (
              <Badge tone="danger" solid>
                PROD
              </Badge>
            ) : null}
            <span aria-hidden="true">›</span>
          </button>
        ) : null}
        <input
          ref={input}
          className="palette__input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={activeOption}
          aria-autocomplete="list"
          aria-label={step ? step.placeholder : 'Type a command'}
          placeholder={step ? step.placeholder : 'Type a command…'}
          spellCheck={false}
          autoComplete="off"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSelected(0);
          }}
          onKeyDown={onKeyDown}
        />
        <Kbd keys={['Esc']} />
      </div>
      <ul className="palette__list" id={listId} role="listbox" ref={list} aria-label="Commands">
        {ranked.length === 0 ? (
          <li className="palette__empty" role="presentation">
            No command matches “{query}”.
          </li>
        ) : (
          ranked.map(({ item, match, codeMatch }, i) => {
            const header = grouped && item.group !== lastGroup ? item.group : null;
            lastGroup = item.group;
            return (
              <PaletteRow
                key={item.id}
                id={`${listId}-${i}`}
                index={i}
                header={header}
                item={item}
                positions={match?.positions ?? []}
                codeMatch={codeMatch ?? 0}
                selected={i === index}
                onHover={() => setSelected(i)}
                onPick={() => execute(item)}
              />
            );
          })
        )}
      </ul>
      <footer className="palette__footer">
        <span>
          <Kbd keys={['↑', '↓']} /> move
        </span>
        <span>
          <Kbd keys={['↵']} /> {step ? 'choose' : 'run'}
        </span>
        {step ? (
          <span>
            <Kbd keys={['⌫']} /> back
          </span>
        ) : null}
        <span>
          <Kbd keys={['Esc']} /> close
        </span>
        <span className="palette__footer-spacer" />
        <span>
          <Kbd keys={shortcutKeys(['Mod', 'K'])} /> or <Kbd keys={shortcutKeys(['Mod', 'Shift', 'P'])} />
        </span>
      </footer>
    </Dialog>
  );
}

function PaletteRow({
  id,
  index,
  header,
  item,
  positions,
  codeMatch,
  selected,
  onHover,
  onPick,
}: {
  readonly id: string;
  readonly index: number;
  readonly header: string | null;
  readonly item: PaletteItem;
  readonly positions: readonly number[];
  readonly codeMatch: number;
  readonly selected: boolean;
  readonly onHover: () => void;
  readonly onPick: () => void;
}) {
  return (
    <>
      {header ? (
        <li className="palette__group" role="presentation">
          {header}
        </li>
      ) : null}
      <li
        id={id}
        role="option"
        aria-selected={selected}
        data-index={index}
        data-testid="palette-item"
        data-command-id={item.id}
        className={['palette__item', selected ? 'is-selected' : '', item.protected ? 'is-protected' : '']
          .filter(Boolean)
          .join(' ')}
        onMouseMove={selected ? undefined : onHover}
        onMouseDown={(e) => e.preventDefault()}
        onClick={onPick}
      >
        <span className="palette__icon">{ICONS[item.icon]}</span>
        {item.code ? (
          <code className="palette__code">
            <mark>{item.code.slice(0, codeMatch)}</mark>
            {item.code.slice(codeMatch)}
          </code>
        ) : null}
        <span className="palette__title">{highlight(item.title, positions)}</span>
        {item.protected ? (
          <Badge tone="danger" solid>
            PROD
          </Badge>
        ) : null}
        <span className="palette__spacer" />
        {item.detail ? <span className="palette__detail">{item.detail}</span> : null}
        {!header && !item.code && item.group && positions.length > 0 ? (
          <span className="palette__tag">{item.group}</span>
        ) : null}
        {item.shortcut ? <Kbd keys={shortcutKeys(item.shortcut)} /> : null}
      </li>
    </>
  );
}

function highlight(text: string, positions: readonly number[]): ReactNode {
  if (positions.length === 0) return text;
  const marks = new Set(positions);
  const parts: ReactNode[] = [];
  let i = 0;
  while (i < text.length) {
    const on = marks.has(i);
    let j = i;
    while (j < text.length && marks.has(j) === on) j++;
    parts.push(on ? <mark key={i}>{text.slice(i, j)}</mark> : text.slice(i, j));
    i = j;
  }
  return parts;
}

const ICONS: Record<CommandIcon, ReactNode> = {
  theme: <IconMoon />,
  add: <IconPlus />,
  connection: <IconDatabase />,
  refresh: <IconRefresh />,
  upgrade: <IconArrowUp />,
  downgrade: <IconArrowDown />,
  step: <IconStep />,
  play: <IconStep />,
  cancel: <IconStop />,
  goto: <IconTarget />,
  close: <IconClose />,
  target: <IconTarget />,
  merge: <IconBranch />,
};

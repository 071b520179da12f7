// The context menu of a row (right click, the ⋯ button, Shift+F10 or the Menu key): the same
// actions as the row's buttons, reachable from the keyboard, and copying the id.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { shortId } from '../graph-model.ts';

export interface MenuAt {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export type MenuCommand = 'upgrade' | 'downgrade' | 'copy-id' | 'new-revision';

interface RowMenuProps {
  readonly at: MenuAt;
  /** Why each action is unavailable for this row, or null when it is available. */
  readonly blocked: { readonly upgrade: string | null; readonly downgrade: string | null };
  /** Whether the row is a head: a new revision "on this head" extends its branch, else it starts a new one. */
  readonly isHead: boolean;
  onCommand(command: MenuCommand, id: string): void;
  onClose(): void;
}

export function RowMenu({ at, blocked, isHead, onCommand, onClose }: RowMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const menu = ref.current;
    menu?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    // Keep it on screen.
    if (menu) {
      const box = menu.getBoundingClientRect();
      if (box.right > window.innerWidth) menu.style.left = `${Math.max(4, window.innerWidth - box.width - 4)}px`;
      if (box.bottom > window.innerHeight) menu.style.top = `${Math.max(4, at.y - box.height)}px`;
    }
    const away = (e: MouseEvent): void => {
      if (!menu?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away, true);
    window.addEventListener('blur', onClose);
    window.addEventListener('resize', onClose);
    return () => {
      document.removeEventListener('mousedown', away, true);
      window.removeEventListener('blur', onClose);
      window.removeEventListener('resize', onClose);
    };
  }, [at, onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number): void => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') focus(at + 1);
    else if (e.key === 'ArrowUp') focus(at - 1);
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const item = (command: MenuCommand, label: string, hint: string, blocker: string | null = null) => (
    <button
      type="button"
      role="menuitem"
      className="graph-menu-item"
      disabled={blocker !== null}
      title={blocker ?? undefined}
      onClick={() => onCommand(command, at.id)}
    >
      <span>{label}</span>
      <kbd>{hint}</kbd>
    </button>
  );

  return (
    <div
      ref={ref}
      className="graph-menu"
      role="menu"
      aria-label={`Revision ${shortId(at.id)}`}
      data-testid="graph-row-menu"
      style={{ left: at.x, top: at.y }}
      onKeyDown={onKeyDown}
    >
      {item('upgrade', 'Upgrade to here…', 'U', blocked.upgrade)}
      {item('downgrade', 'Downgrade to here…', 'D', blocked.downgrade)}
      <div className="graph-menu-sep" role="separator" />
      {item('new-revision', isHead ? 'New revision on this head…' : 'New revision on this revision…', '')}
      {item('copy-id', `Copy id ${at.id}`, 'C')}
    </div>
  );
}

// A modal dialog on the native <dialog> element: the top layer and an inert page come from
// the browser; on top of that Tab and Shift+Tab wrap inside (a browser would otherwise let
// focus escape to its own chrome), Escape closes through onClose so the owner's state stays
// the single truth, and focus returns where it was when the dialog closes.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { focusableIn } from './focus.ts';
import { IconClose } from './icons.tsx';

export interface DialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly title: ReactNode;
  readonly description?: ReactNode;
  readonly children?: ReactNode;
  readonly footer?: ReactNode;
  /** A red header line: the dialog acts on something protected or destroys something. */
  readonly tone?: 'default' | 'danger';
  readonly size?: 'sm' | 'md' | 'lg';
  /** Clicking outside closes: on for pickers, off for forms that would lose typing. */
  readonly closeOnBackdrop?: boolean;
  /** Focused when the dialog opens; otherwise the first field, then the first button. */
  readonly initialFocus?: RefObject<HTMLElement | null>;
  /** Chrome-less: no header or close button (the command palette draws its own). */
  readonly bare?: boolean;
  readonly className?: string;
  readonly 'data-testid'?: string;
}

export function Dialog(props: DialogProps) {
  return props.open ? <OpenDialog {...props} /> : null;
}

function OpenDialog({
  onClose,
  title,
  description,
  children,
  footer,
  tone = 'default',
  size = 'md',
  closeOnBackdrop = false,
  initialFocus,
  bare = false,
  className,
  'data-testid': testId,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target =
      initialFocus?.current ??
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>(
        '.ui-dialog__body input:not([disabled]), .ui-dialog__body select, .ui-dialog__body textarea',
      ) ??
      focusableIn(dialog)[0];
    target?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
    // Opening is the only moment focus moves in: later renders must not steal it back.
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      // Handled here rather than by the native cancel: the owner decides, and the keydown
      // never reaches the global shortcuts (which would close a second thing).
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = focusableIn(ref.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !ref.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !ref.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={[
        'ui-dialog',
        `ui-dialog--${size}`,
        tone === 'danger' ? 'ui-dialog--danger' : '',
        bare ? 'ui-dialog--bare' : '',
        className ?? '',
      ]
        .filter(Boolean)
        .join(' ')}
      aria-labelledby={bare ? undefined : titleId}
      aria-label={bare && typeof title === 'string' ? title : undefined}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => {
        // The dialog element itself is hit only on its backdrop: its content fills it.
        if (closeOnBackdrop && event.target === ref.current) onClose();
      }}
    >
      <div className="ui-dialog__surface">
        {bare ? null : (
          <header className="ui-dialog__header">
            <div className="ui-dialog__titles">
              <h2 id={titleId} className="ui-dialog__title">
                {title}
              </h2>
              {description ? (
                <p id={descriptionId} className="ui-dialog__description">
                  {description}
                </p>
              ) : null}
            </div>
            <button type="button" className="ui-dialog__close" aria-label="Close" onClick={() => onClose()}>
              <IconClose />
            </button>
          </header>
        )}
        {bare ? children : <div className="ui-dialog__body">{children}</div>}
        {footer ? <footer className="ui-dialog__footer">{footer}</footer> : null}
      </div>
    </dialog>
  );
}

// Buttons: one component, four looks. `icon` alone (with an aria-label) makes a square icon
// button; `busy` keeps the width and tells assistive tech the action is under way.
import type { ComponentProps, ReactNode } from 'react';
import { Spinner } from './Spinner.tsx';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

export interface ButtonProps extends ComponentProps<'button'> {
  readonly variant?: ButtonVariant;
  readonly size?: 'sm' | 'md';
  readonly icon?: ReactNode;
  readonly busy?: boolean;
}

export function Button({
  variant = 'default',
  size = 'md',
  icon,
  busy = false,
  className,
  children,
  type = 'button',
  disabled,
  ...rest
}: ButtonProps) {
  const iconOnly = icon !== undefined && (children === undefined || children === null || children === false);
  const classes = [
    'ui-button',
    `ui-button--${variant}`,
    `ui-button--${size}`,
    iconOnly ? 'ui-button--icon' : '',
    busy ? 'is-busy' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type={type}
      className={classes}
      disabled={disabled === true || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <Spinner /> : icon}
      {iconOnly ? null : <span className="ui-button__label">{children}</span>}
    </button>
  );
}

// Badges, status dots and key caps: small labels that carry a tone, never an action.
import type { ComponentProps, ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export interface BadgeProps extends ComponentProps<'span'> {
  readonly tone?: Tone;
  /** Solid fill for what must not be missed (a protected connection). */
  readonly solid?: boolean;
  readonly icon?: ReactNode;
}

export function Badge({ tone = 'neutral', solid = false, icon, className, children, ...rest }: BadgeProps) {
  return (
    <span
      className={['ui-badge', `ui-badge--${tone}`, solid ? 'ui-badge--solid' : '', className ?? '']
        .filter(Boolean)
        .join(' ')}
      {...rest}
    >
      {icon}
      {children}
    </span>
  );
}

export type DotState = 'ok' | 'error' | 'loading' | 'idle';

export function StatusDot({
  state,
  label,
  className,
  ...rest
}: ComponentProps<'span'> & { readonly state: DotState; readonly label: string }) {
  return (
    <span
      role="img"
      aria-label={label}
      className={['ui-dot', `ui-dot--${state}`, className ?? ''].filter(Boolean).join(' ')}
      {...rest}
    />
  );
}

/** A key cap: <Kbd keys={['Ctrl', 'K']} />. */
export function Kbd({ keys }: { readonly keys: readonly string[] }) {
  return (
    <span className="ui-kbd-group">
      {keys.map((k) => (
        <kbd key={k} className="ui-kbd">
          {k}
        </kbd>
      ))}
    </span>
  );
}

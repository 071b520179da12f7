// Form fields: a label above, the control, then either a hint or an error (never both —
// the error replaces the hint and is linked to the control with aria-describedby).
// Props other than the ones named here go to the native control (data-testid included).
import { useId, type ComponentProps, type ReactNode } from 'react';

interface FieldChrome {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | null | undefined;
  /** Drawn inside the control's right edge (a unit, a status). */
  readonly trailing?: ReactNode;
  readonly className?: string;
}

function describedBy(id: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

function Message({
  id,
  hint,
  error,
}: {
  readonly id: string;
  readonly hint: ReactNode;
  readonly error: string | null | undefined;
}) {
  if (error)
    return (
      <span id={`${id}-error`} className="ui-field__error" role="alert">
        {error}
      </span>
    );
  return hint ? (
    <span id={`${id}-hint`} className="ui-field__hint">
      {hint}
    </span>
  ) : null;
}

export type TextFieldProps = FieldChrome & Omit<ComponentProps<'input'>, 'className'>;

export function TextField({ label, hint, error, trailing, className, id: givenId, ...input }: TextFieldProps) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <div className={['ui-field', error ? 'has-error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="ui-field__label" htmlFor={id}>
        {label}
      </label>
      <div className="ui-field__control">
        <input
          id={id}
          className="ui-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          {...input}
        />
        {trailing ? <span className="ui-field__trailing">{trailing}</span> : null}
      </div>
      <Message id={id} hint={hint} error={error} />
    </div>
  );
}

export type SelectProps = FieldChrome & Omit<ComponentProps<'select'>, 'className'>;

export function Select({ label, hint, error, className, id: givenId, children, ...select }: SelectProps) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <div className={['ui-field', error ? 'has-error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="ui-field__label" htmlFor={id}>
        {label}
      </label>
      <div className="ui-field__control ui-field__control--select">
        <select
          id={id}
          className="ui-input ui-select"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          {...select}
        >
          {children}
        </select>
      </div>
      <Message id={id} hint={hint} error={error} />
    </div>
  );
}

export type CheckboxProps = Omit<FieldChrome, 'trailing'> &
  Omit<ComponentProps<'input'>, 'className' | 'type'> & { readonly tone?: 'default' | 'danger' };

export function Checkbox({ label, hint, error, className, id: givenId, tone = 'default', ...input }: CheckboxProps) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <div
      className={['ui-check', tone === 'danger' ? 'ui-check--danger' : '', error ? 'has-error' : '', className ?? '']
        .filter(Boolean)
        .join(' ')}
    >
      <input
        id={id}
        type="checkbox"
        className="ui-check__box"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      <div className="ui-check__text">
        <label htmlFor={id} className="ui-check__label">
          {label}
        </label>
        <Message id={id} hint={hint} error={error} />
      </div>
    </div>
  );
}

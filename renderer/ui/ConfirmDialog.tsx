// "Are you sure?" as a dialog of our own: window.confirm blocks the renderer, cannot be
// themed, and is dismissed silently by automated browsers. A destructive confirmation
// starts on Cancel, so a reflexive Enter does not destroy anything.
import type { ReactNode } from 'react';
import { Button } from './Button.tsx';
import { Dialog } from './Dialog.tsx';

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: ReactNode;
  readonly children?: ReactNode;
  readonly confirmLabel: string;
  readonly tone?: 'default' | 'danger';
  readonly busy?: boolean;
  readonly error?: string | null;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'default',
  busy = false,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      tone={tone}
      size="sm"
      data-testid="confirm-dialog"
      footer={
        <>
          <Button
            variant="ghost"
            onClick={onCancel}
            data-testid="confirm-cancel"
            data-autofocus={tone === 'danger' ? true : undefined}
          >
            Cancel
          </Button>
          <Button
            variant={tone === 'danger' ? 'danger' : 'primary'}
            busy={busy}
            onClick={onConfirm}
            data-testid="confirm-ok"
            data-autofocus={tone === 'danger' ? undefined : true}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? (
        <p className="ui-inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

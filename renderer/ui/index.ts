// Shared presentational components: no store, no API — props in, events out. Styled only
// with the theme's variables (renderer/app/theme.css).
import './ui.css';

export { Badge, Kbd, StatusDot, type BadgeProps, type DotState, type Tone } from './Badge.tsx';
export { Button, type ButtonProps, type ButtonVariant } from './Button.tsx';
export { ConfirmDialog, type ConfirmDialogProps } from './ConfirmDialog.tsx';
export { Dialog, type DialogProps } from './Dialog.tsx';
export { Checkbox, Select, TextField, type CheckboxProps, type SelectProps, type TextFieldProps } from './fields.tsx';
export { focusableIn } from './focus.ts';
export * from './icons.tsx';
export { afterIdle } from './idle.ts';
export { hasMod, isMac, shortcutKeys } from './keys.ts';
export { ResizeHandle, type ResizeHandleProps } from './ResizeHandle.tsx';
export { Spinner } from './Spinner.tsx';
export { Tooltip, type TooltipProps } from './Tooltip.tsx';
export { lazyComponent, type LazyComponent } from './lazy.tsx';

// A drag handle between two areas: dragged with the pointer, or moved with the arrow keys when
// focused (Home: the default size). It reports sizes; the owner clamps and keeps them.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface ResizeHandleProps {
  /** 'vertical': a bar that moves left and right (resizes a width). */
  readonly orientation: 'vertical' | 'horizontal';
  readonly label: string;
  /** The size of the area on the handle's right (vertical) or below it: it grows as the handle moves left or up. */
  readonly size: number;
  readonly defaultSize: number;
  /** `done`: the drag (or key press) is over, keep the size. */
  onResize(size: number, done: boolean): void;
  readonly className?: string;
  readonly 'data-testid'?: string;
}

const KEY_STEP = 16;

export function ResizeHandle(props: ResizeHandleProps) {
  const drag = useRef<{ start: number; size: number; last: number } | null>(null);
  const vertical = props.orientation === 'vertical';
  const position = (e: PointerEvent): number => (vertical ? e.clientX : e.clientY);
  const sizeAt = (at: number): number => {
    const d = drag.current;
    if (!d) return props.size;
    return d.size + (d.start - at);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { start: position(e), size: props.size, last: props.size };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    drag.current.last = sizeAt(position(e));
    props.onResize(drag.current.last, false);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    const size = sizeAt(position(e));
    drag.current = null;
    props.onResize(size, true);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const grow = vertical ? 'ArrowLeft' : 'ArrowUp';
    const shrink = vertical ? 'ArrowRight' : 'ArrowDown';
    if (e.key === grow) props.onResize(props.size + KEY_STEP, true);
    else if (e.key === shrink) props.onResize(props.size - KEY_STEP, true);
    else if (e.key === 'Home') props.onResize(props.defaultSize, true);
    else return;
    e.preventDefault();
  };
  return (
    <div
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={props.label}
      aria-valuenow={Math.round(props.size)}
      tabIndex={0}
      className={`ui-resize ui-resize-${props.orientation}${props.className ? ` ${props.className}` : ''}`}
      data-testid={props['data-testid']}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => props.onResize(props.defaultSize, true)}
    />
  );
}

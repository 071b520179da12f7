// A tooltip shown on hover and on keyboard focus. It is a manual popover, so it sits in the
// top layer: never clipped by a scrolling sidebar, and drawn above modal dialogs too.
import {
  cloneElement,
  isValidElement,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';

export interface TooltipProps {
  readonly content: ReactNode;
  /** One element that can take focus (or sits inside something that can). */
  readonly children: ReactElement<{ 'aria-describedby'?: string }>;
  readonly placement?: 'top' | 'bottom' | 'right';
  /** Hover delay in ms; keyboard focus shows at once. */
  readonly delay?: number;
}

export function Tooltip({ content, children, placement = 'top', delay = 350 }: TooltipProps) {
  const id = useId();
  const anchor = useRef<HTMLSpanElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const [shown, setShown] = useState(false);

  useLayoutEffect(() => {
    const el = tip.current;
    const at = anchor.current;
    if (!el || !at) return;
    if (!shown) {
      if (el.matches(':popover-open')) el.hidePopover();
      return;
    }
    if (!el.matches(':popover-open')) el.showPopover();
    const a = (at.firstElementChild ?? at).getBoundingClientRect();
    const t = el.getBoundingClientRect();
    const gap = 6;
    let top =
      placement === 'bottom'
        ? a.bottom + gap
        : placement === 'right'
          ? a.top + (a.height - t.height) / 2
          : a.top - t.height - gap;
    let left = placement === 'right' ? a.right + gap : a.left + (a.width - t.width) / 2;
    if (top < 4) top = a.bottom + gap;
    left = Math.max(4, Math.min(left, window.innerWidth - t.width - 4));
    top = Math.max(4, Math.min(top, window.innerHeight - t.height - 4));
    el.style.top = `${Math.round(top)}px`;
    el.style.left = `${Math.round(left)}px`;
  }, [shown, placement, content]);

  useLayoutEffect(() => () => window.clearTimeout(timer.current), []);

  if (content === null || content === undefined || content === '' || content === false) return children;

  const show = (now: boolean) => {
    window.clearTimeout(timer.current);
    if (now) setShown(true);
    else timer.current = window.setTimeout(() => setShown(true), delay);
  };
  const hide = () => {
    window.clearTimeout(timer.current);
    setShown(false);
  };
  const child = isValidElement(children) ? cloneElement(children, { 'aria-describedby': id }) : children;
  return (
    <span
      ref={anchor}
      className="ui-tooltip-anchor"
      onMouseEnter={() => show(false)}
      onMouseLeave={hide}
      onFocus={(e) => show(!e.currentTarget.matches(':hover'))}
      onBlur={hide}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && shown) hide();
      }}
    >
      {child}
      {/* Content only while shown: hidden text would otherwise count as the anchor's text
          (text search, Playwright's hasText) and be read twice by screen readers. */}
      <div ref={tip} id={id} role="tooltip" popover="manual" className="ui-tooltip">
        {shown ? content : null}
      </div>
    </span>
  );
}

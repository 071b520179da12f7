// Line icons drawn on a 16×16 grid with currentColor, so they take the text's tone.
// Decorative by default: the button or label around them carries the accessible name.
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { readonly title?: string };

function icon(paths: ReactNode, displayName: string) {
  function Icon({ title, ...rest }: IconProps) {
    return (
      <svg
        className="ui-icon"
        width="16"
        height="16"
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        role={title ? 'img' : undefined}
        aria-hidden={title ? undefined : true}
        aria-label={title}
        {...rest}
      >
        {paths}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const IconPlus = icon(<path d="M8 3.5v9M3.5 8h9" />, 'IconPlus');
export const IconClose = icon(<path d="M4 4l8 8M12 4l-8 8" />, 'IconClose');
export const IconEdit = icon(<path d="M10.5 3.5l2 2L6 12H4v-2l6.5-6.5z" />, 'IconEdit');
export const IconTrash = icon(
  <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5M6.8 7v4M9.2 7v4" />,
  'IconTrash',
);
export const IconPlug = icon(<path d="M6 2.5v3M10 2.5v3M4.5 5.5h7v2a3.5 3.5 0 0 1-7 0v-2zM8 11v2.5" />, 'IconPlug');
export const IconLock = icon(
  <>
    <rect x="3.5" y="7" width="9" height="6.5" rx="1.2" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
  </>,
  'IconLock',
);
export const IconUnlock = icon(
  <>
    <rect x="3.5" y="7" width="9" height="6.5" rx="1.2" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 4.9-.7" />
  </>,
  'IconUnlock',
);
export const IconRefresh = icon(
  <path d="M12.5 6.5A4.5 4.5 0 0 0 4 5.2M3.5 9.5A4.5 4.5 0 0 0 12 10.8M4 2.8v2.6h2.6M12 13.2v-2.6H9.4" />,
  'IconRefresh',
);
export const IconSun = icon(
  <>
    <circle cx="8" cy="8" r="2.8" />
    <path d="M8 1.8v1.4M8 12.8v1.4M1.8 8h1.4M12.8 8h1.4M3.6 3.6l1 1M11.4 11.4l1 1M3.6 12.4l1-1M11.4 4.6l1-1" />
  </>,
  'IconSun',
);
export const IconMoon = icon(<path d="M13 9.6A5.5 5.5 0 0 1 6.4 3a5.5 5.5 0 1 0 6.6 6.6z" />, 'IconMoon');
export const IconSearch = icon(
  <>
    <circle cx="7" cy="7" r="4" />
    <path d="M10 10l3.5 3.5" />
  </>,
  'IconSearch',
);
export const IconCommand = icon(
  <path
    d={
      'M6 6V4.5A1.5 1.5 0 1 0 4.5 6H6zm0 0h4m-4 0v4m4-4V4.5A1.5 1.5 0 1 1 11.5 6H10zm0 ' +
      '0v4m0 0h-4m4 0v1.5a1.5 1.5 0 1 0 1.5-1.5H10zm-4 0v1.5A1.5 1.5 0 1 1 4.5 10H6z'
    }
  />,
  'IconCommand',
);
export const IconDatabase = icon(
  <>
    <ellipse cx="8" cy="4" rx="4.5" ry="1.8" />
    <path d="M3.5 4v8c0 1 2 1.8 4.5 1.8s4.5-.8 4.5-1.8V4M3.5 8c0 1 2 1.8 4.5 1.8s4.5-.8 4.5-1.8" />
  </>,
  'IconDatabase',
);
export const IconFile = icon(
  <>
    <path d="M4 1.8h5l3 3v9.4H4z" />
    <path d="M9 1.8v3h3" />
    <ellipse cx="8" cy="8.4" rx="2.2" ry=".9" />
    <path d="M5.8 8.4v3c0 .5 1 .9 2.2.9s2.2-.4 2.2-.9v-3" />
  </>,
  'IconFile',
);
export const IconBranch = icon(
  <>
    <circle cx="5" cy="3.5" r="1.5" />
    <circle cx="5" cy="12.5" r="1.5" />
    <circle cx="11" cy="5.5" r="1.5" />
    <path d="M5 5v6M11 7c0 2.5-6 2-6 4" />
  </>,
  'IconBranch',
);
export const IconLayers = icon(
  <path d="M8 2l6 3.2-6 3.2-6-3.2L8 2zM2 8.2l6 3.2 6-3.2M2 11.2l6 3.2 6-3.2" />,
  'IconLayers',
);
export const IconArrowUp = icon(<path d="M8 13V3M4 7l4-4 4 4" />, 'IconArrowUp');
export const IconArrowDown = icon(<path d="M8 3v10M4 9l4 4 4-4" />, 'IconArrowDown');
export const IconStep = icon(<path d="M4 3.5l5 4.5-5 4.5zM11.5 3.5v9" />, 'IconStep');
export const IconStop = icon(<rect x="4" y="4" width="8" height="8" rx="1" />, 'IconStop');
export const IconTarget = icon(
  <>
    <circle cx="8" cy="8" r="5" />
    <circle cx="8" cy="8" r="1.8" />
  </>,
  'IconTarget',
);
export const IconCheck = icon(<path d="M3.5 8.5l3 3 6-7" />, 'IconCheck');
export const IconAlert = icon(
  <>
    <path d="M8 2l6.5 11.5h-13z" />
    <path d="M8 6.5v3M8 11.6v.1" />
  </>,
  'IconAlert',
);
export const IconKey = icon(
  <>
    <circle cx="5.5" cy="10.5" r="2.5" />
    <path d="M7.3 8.7L13 3M11 5l1.5 1.5M9.5 6.5L11 8" />
  </>,
  'IconKey',
);
export const IconShield = icon(<path d="M8 1.8l5 1.8v4c0 3.2-2.2 5.6-5 6.6-2.8-1-5-3.4-5-6.6v-4z" />, 'IconShield');

// The few glyphs the graph view needs, inline so nothing is fetched.
const common = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
} as const;

export const IconUp = () => (
  <svg {...common}>
    <path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" />
  </svg>
);
export const IconDown = () => (
  <svg {...common}>
    <path d="M8 3v10M3.5 8.5 8 13l4.5-4.5" />
  </svg>
);
export const IconHeads = () => (
  <svg {...common}>
    <circle cx="4" cy="3.5" r="1.8" />
    <circle cx="12" cy="3.5" r="1.8" />
    <circle cx="8" cy="12.5" r="1.8" />
    <path d="M4 5.3c0 3 4 3 4 5.4M12 5.3c0 3-4 3-4 5.4" />
  </svg>
);
export const IconSearch = () => (
  <svg {...common}>
    <circle cx="7" cy="7" r="4.2" />
    <path d="m10.2 10.2 3.3 3.3" />
  </svg>
);
export const IconChevronUp = () => (
  <svg {...common}>
    <path d="M4 10l4-4 4 4" />
  </svg>
);
export const IconChevronDown = () => (
  <svg {...common}>
    <path d="M4 6l4 4 4-4" />
  </svg>
);

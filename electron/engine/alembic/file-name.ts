// The name Alembic gives a new revision file (ScriptDirectory._rev_path in
// alembic/script/base.py): `file_template` % {rev, slug, epoch, year, month, day, hour,
// minute, second} + '.py', the slug being the message's \w+ words joined by '_', cut back to
// a word boundary past `truncate_slug_length` (40; 0 also means 40). The template is Python
// %-formatting, so `%(month).2d` is a zero-padded month: the subset Alembic's tokens use is
// done here the way Python does it, and anything else is an error naming the setting.

export interface FileNameSettings {
  /** file_template, interpolated as the configuration file gives it (`%%` already `%`). */
  readonly fileTemplate: string;
  /** truncate_slug_length as written, or undefined. */
  readonly truncateSlugLength: string | undefined;
  /** timezone (an IANA name): the date in the name is taken there, as Alembic does; undefined: local time. */
  readonly timezone: string | undefined;
  /** Where the settings come from, for messages. */
  readonly file: string;
}

export const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';

/** A revision file name Alembic would not write, said with the setting at fault. */
export class AlembicFileNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlembicFileNameError';
  }
}

/** Alembic's slug of a message: its \w+ words joined by '_', lower case, cut at a word boundary past `truncate`. */
export function alembicSlug(message: string, truncate = 40): string {
  const slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  if (slug.length <= truncate) return slug;
  const cut = slug.slice(0, truncate);
  // Python's rsplit('_', 1)[0]: all before the last '_', or the whole cut when it has none.
  return `${cut.lastIndexOf('_') < 0 ? cut : cut.slice(0, cut.lastIndexOf('_'))}_`;
}

type Value = string | number;

const SPEC = /%(?:%|\(([^)]*)\)([#0\- +]*)(\d*)(?:\.(\d+))?([sdir]))/g;

/** Python's `template % values` for `%%` and `%(key)[flags][width][.precision](s|d|i|r)`. */
export function pythonFormat(template: string, values: Readonly<Record<string, Value>>, setting: string): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(SPEC)) {
    const at = m.index as number;
    if (template.slice(last, at).includes('%')) throw badSpec(template, setting);
    out += template.slice(last, at);
    last = at + m[0].length;
    if (m[0] === '%%') {
      out += '%';
      continue;
    }
    const [, key, flags = '', width = '', precision, conversion] = m as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    if (!(key in values))
      throw new AlembicFileNameError(
        `${setting} names '%(${key})' and alembic knows no such token ` + `(it has ${Object.keys(values).join(', ')})`,
      );
    const value = values[key] as Value;
    let text: string;
    if (conversion === 's' || conversion === 'r') {
      text = conversion === 'r' && typeof value === 'string' ? `'${value}'` : String(value);
      if (precision !== undefined) text = text.slice(0, Number(precision));
    } else {
      if (typeof value !== 'number')
        throw new AlembicFileNameError(`${setting}: '%(${key})${conversion}' needs a number, and ${key} is text`);
      const digits = String(Math.abs(Math.trunc(value))).padStart(precision === undefined ? 0 : Number(precision), '0');
      const sign = value < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      text =
        flags.includes('0') && !flags.includes('-')
          ? sign + digits.padStart(Number(width || 0) - sign.length, '0')
          : sign + digits;
    }
    const w = Number(width || 0);
    out += flags.includes('-') ? text.padEnd(w) : text.padStart(w);
  }
  if (template.slice(last).includes('%')) throw badSpec(template, setting);
  return out + template.slice(last);
}

function badSpec(template: string, setting: string): AlembicFileNameError {
  return new AlembicFileNameError(
    `${setting} '${template}' has a '%' that is not '%%' or a token such as %(rev)s, %(slug)s, %(month).2d`,
  );
}

/** The calendar fields of `now` where Alembic takes them: local time, or the configured timezone. */
function dateFields(now: Date, timezone: string | undefined, file: string): Record<string, number> {
  if (timezone === undefined || timezone.trim() === '')
    return {
      year: now.getFullYear(),
      month: now.getMonth() + 1,
      day: now.getDate(),
      hour: now.getHours(),
      minute: now.getMinutes(),
      second: now.getSeconds(),
    };
  let parts: Intl.DateTimeFormatPart[] | undefined;
  for (const zone of [timezone.trim(), timezone.trim().toUpperCase()]) {
    try {
      parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }).formatToParts(now);
      break;
    } catch {
      // Alembic tries the name as written, then in capitals.
    }
  }
  if (!parts) throw new AlembicFileNameError(`Can't locate timezone: ${timezone} (timezone in ${file})`);
  const field = (type: string): number => Number(parts?.find((p) => p.type === type)?.value);
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

/** The path, relative to the version location, of a new revision file, as Alembic names it. */
export function alembicRevisionFileName(
  settings: FileNameSettings,
  revision: string,
  message: string,
  now = new Date(),
): string {
  let truncate = 40;
  if (settings.truncateSlugLength !== undefined) {
    const raw = settings.truncateSlugLength.trim();
    if (!/^[+-]?\d+$/.test(raw))
      throw new AlembicFileNameError(
        `truncate_slug_length '${settings.truncateSlugLength}' in ${settings.file} is not a whole number`,
      );
    truncate = Number(raw) || 40;
  }
  const values: Record<string, Value> = {
    rev: revision,
    slug: alembicSlug(message, truncate),
    epoch: Math.floor(now.getTime() / 1000),
    ...dateFields(now, settings.timezone, settings.file),
  };
  return `${pythonFormat(settings.fileTemplate, values, `file_template in ${settings.file}`)}.py`;
}

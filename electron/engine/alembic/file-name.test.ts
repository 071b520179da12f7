// The name Alembic gives a new revision file: file_template as Python %-formats it, the slug
// cut at a word boundary, truncate_slug_length (0 meaning 40), the date in the configured
// timezone; and the settings read from alembic.ini (`%%`) and pyproject.toml alike.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAlembicConfig } from './config.ts';
import { alembicRevisionFileName, alembicSlug, pythonFormat, type FileNameSettings } from './file-name.ts';

const settings = (over: Partial<FileNameSettings> = {}): FileNameSettings => ({
  fileTemplate: '%(rev)s_%(slug)s',
  truncateSlugLength: undefined,
  timezone: undefined,
  file: 'alembic.ini',
  ...over,
});

// 2026-03-04 05:06:07 UTC
const NOW = new Date(Date.UTC(2026, 2, 4, 5, 6, 7));

describe('revision file names as alembic writes them', () => {
  it('the slug: words joined by _, lower case, cut back to a word boundary with a trailing _', () => {
    expect(alembicSlug('Add the Email column!')).toBe('add_the_email_column');
    expect(alembicSlug('a fairly long message about things', 12)).toBe('a_fairly_');
    expect(alembicSlug('abcdefghijklmnop', 5)).toBe('abcde_');
    expect(alembicSlug('café, naïve — ok')).toBe('café_naïve_ok');
  });

  it("Python's %-formatting of alembic's tokens: padding, precision, widths, %%", () => {
    const v = { rev: 'ae10', slug: 'add', year: 2026, month: 3, day: 4, epoch: 1772600767 };
    expect(pythonFormat('%(year)d_%(month).2d_%(day).2d-%(rev)s_%(slug)s', v, 'file_template')).toBe(
      '2026_03_04-ae10_add',
    );
    expect(pythonFormat('%(month)03d|%(month)-3d|%(month)3d|%(rev).2s|100%%', v, 'x')).toBe('003|3  |  3|ae|100%');
    expect(pythonFormat('%(epoch)d_%(rev)s', v, 'x')).toBe('1772600767_ae10');
    expect(() => pythonFormat('%(nope)s', v, 'file_template in alembic.ini')).toThrow(
      /file_template in alembic\.ini names '%\(nope\)' and alembic knows no such token/,
    );
    expect(() => pythonFormat('%(rev)s_%s', v, 'file_template in alembic.ini')).toThrow(
      /has a '%' that is not '%%' or a token/,
    );
  });

  it('the whole name: template, truncation (0 is 40), the date in the timezone', () => {
    const template = '%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d_%(second).2d-%(rev)s_%(slug)s';
    expect(
      alembicRevisionFileName(
        settings({ fileTemplate: template, truncateSlugLength: '12', timezone: 'UTC' }),
        'ab12',
        'a fairly long message',
        NOW,
      ),
    ).toBe('2026_03_04_0506_07-ab12_a_fairly_.py');
    expect(
      alembicRevisionFileName(settings({ fileTemplate: template, timezone: 'Asia/Tokyo' }), 'ab12', 'x', NOW),
    ).toBe('2026_03_04_1406_07-ab12_x.py');
    const long = 'one two three four five six seven eight nine ten';
    expect(alembicRevisionFileName(settings({ truncateSlugLength: '0' }), 'r', long, NOW)).toBe(
      `r_${alembicSlug(long, 40)}.py`,
    );
    expect(alembicRevisionFileName(settings({ fileTemplate: '%(epoch)d_%(rev)s' }), 'r', 'm', NOW)).toBe(
      `${NOW.getTime() / 1000}_r.py`,
    );
    expect(() => alembicRevisionFileName(settings({ truncateSlugLength: 'ten' }), 'r', 'm', NOW)).toThrow(
      /truncate_slug_length 'ten' in alembic\.ini is not a whole number/,
    );
    expect(() => alembicRevisionFileName(settings({ timezone: 'Nowhere/Atlantis' }), 'r', 'm', NOW)).toThrow(
      /Can't locate timezone: Nowhere\/Atlantis/,
    );
  });

  it('reads file_template, truncate_slug_length and timezone from alembic.ini and from pyproject.toml', () => {
    const ini = mkdtempSync(join(tmpdir(), 'strata-alembic-names-'));
    mkdirSync(join(ini, 'migrations', 'versions'), { recursive: true });
    writeFileSync(
      join(ini, 'alembic.ini'),
      '[alembic]\nscript_location = migrations\nfile_template = %%(year)d-%%(rev)s_%%(slug)s\n' +
        'truncate_slug_length = 8\ntimezone = UTC\n',
    );
    expect(readAlembicConfig(ini).fileNames).toEqual({
      fileTemplate: '%(year)d-%(rev)s_%(slug)s',
      truncateSlugLength: '8',
      timezone: 'UTC',
      file: join(ini, 'alembic.ini'),
    });
    const toml = mkdtempSync(join(tmpdir(), 'strata-alembic-names-'));
    mkdirSync(join(toml, 'migrations', 'versions'), { recursive: true });
    writeFileSync(
      join(toml, 'pyproject.toml'),
      '[tool.alembic]\nscript_location = "%(here)s/migrations"\n' +
        'file_template = "%%(rev)s-%%(slug)s"\ntruncate_slug_length = 20\n',
    );
    expect(readAlembicConfig(toml).fileNames).toEqual({
      fileTemplate: '%(rev)s-%(slug)s',
      truncateSlugLength: '20',
      timezone: undefined,
      file: join(toml, 'pyproject.toml'),
    });
    const plain = mkdtempSync(join(tmpdir(), 'strata-alembic-names-'));
    mkdirSync(join(plain, 'migrations', 'versions'), { recursive: true });
    writeFileSync(join(plain, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
    expect(readAlembicConfig(plain).fileNames.fileTemplate).toBe('%(rev)s_%(slug)s');
  });
});

// Where an Alembic project keeps its revisions, read the way Alembic reads its configuration:
// alembic.ini's [alembic] section (or pyproject.toml's [tool.alembic], Alembic 1.16+), with
// `%(here)s`, script_location, version_locations split by path_separator (1.16) or
// version_path_separator (older), else the legacy space/comma split, and
// recursive_version_locations. sqlalchemy.url is kept behind a function: it may hold a
// password, and nothing that serialises a project may ever see it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ProjectLoadError, type ProjectProblem } from '../project/errors.ts';
import { IniError, iniGet, iniLine, parseIni, type IniFile } from './ini.ts';
import { DEFAULT_FILE_TEMPLATE, type FileNameSettings } from './file-name.ts';
import { readToolAlembic, type TomlEntry } from './pyproject.ts';

export const ALEMBIC_INI = 'alembic.ini';
export const PYPROJECT = 'pyproject.toml';

export interface AlembicConfig {
  /** The project folder: where alembic.ini (or pyproject.toml) is. */
  readonly dir: string;
  /** The file the script settings came from (alembic.ini or pyproject.toml). */
  readonly configFile: string;
  /** alembic.ini, when there is one (the command runs with `-c` on it). */
  readonly iniFile: string | undefined;
  readonly section: string;
  readonly scriptLocation: string;
  /** Absolute folders, in the order Alembic lists them; only those that exist are read. */
  readonly versionLocations: readonly string[];
  readonly recursive: boolean;
  /** file_template, truncate_slug_length and timezone: how alembic names a new revision file. */
  readonly fileNames: FileNameSettings;
  /** sqlalchemy.url, interpolated; a function so that it never lands in JSON or a log. */
  readonly sqlalchemyUrl: () => string | undefined;
}

/** Whether a folder holds an Alembic project (and no strata.json: that decides first, elsewhere). */
export function isAlembicProjectDir(dir: string): boolean {
  if (existsSync(join(dir, ALEMBIC_INI))) return true;
  const pyproject = join(dir, PYPROJECT);
  if (!existsSync(pyproject)) return false;
  try {
    return /^\s*\[\s*tool\s*\.\s*alembic\s*\]/m.test(readFileSync(pyproject, 'utf8'));
  } catch {
    return false;
  }
}

const SEPARATORS: Readonly<Record<string, string>> = { space: ' ', newline: '\n', os: ':', ':': ':', ';': ';' };
/** Alembic's `_split_on_space_comma`, for version_locations without a separator setting. */
const LEGACY_SPLIT = /, *| +/;

export function readAlembicConfig(dir: string, section = 'alembic'): AlembicConfig {
  const root = resolve(dir);
  const iniPath = join(root, ALEMBIC_INI);
  const tomlPath = join(root, PYPROJECT);
  const problem = (file: string, line: number, message: string): never => {
    throw new ProjectLoadError([{ file, line, message }]);
  };
  let ini: IniFile | undefined;
  try {
    if (existsSync(iniPath)) ini = parseIni(readFileSync(iniPath, 'utf8'), iniPath);
    const toml = existsSync(tomlPath) ? readToolAlembic(readFileSync(tomlPath, 'utf8'), tomlPath) : undefined;
    if (!ini && !toml) return problem(root, 0, `neither ${ALEMBIC_INI} nor a ${PYPROJECT} with [tool.alembic] is here`);
    const here = { here: root };
    const fromIni = (key: string): string | undefined => (ini ? iniGet(ini, section, key, here) : undefined);
    if (ini && !ini.sections.has(section) && !toml) return problem(iniPath, 0, `has no [${section}] section`);
    // Alembic 1.16: with [tool.alembic], the script settings come from pyproject.toml.
    const tomlString = (key: string): string | undefined => {
      const entry = toml?.get(key);
      if (entry === undefined) return undefined;
      if (typeof entry.value !== 'string') return problem(tomlPath, entry.line, `${key} must be a string`);
      return entry.value.replaceAll('%(here)s', root);
    };
    const configFile = toml ? tomlPath : iniPath;
    const scriptSetting = toml ? tomlString('script_location') : fromIni('script_location');
    const scriptLine = toml
      ? (toml.get('script_location')?.line ?? 0)
      : ini
        ? iniLine(ini, section, 'script_location')
        : 0;
    if (scriptSetting === undefined || scriptSetting.trim() === '')
      return problem(configFile, scriptLine, `no script_location in ${toml ? '[tool.alembic]' : `[${section}]`}`);
    const scriptLocation = locateScript(scriptSetting.trim(), root, configFile, scriptLine);
    const versionLocations = toml
      ? tomlLocations(toml.get('version_locations'), root, tomlPath)
      : iniLocations(ini as IniFile, section, root);
    const recursiveRaw = toml ? toml.get('recursive_version_locations')?.value : fromIni('recursive_version_locations');
    const recursive = recursiveRaw === true || recursiveRaw === 'true';
    const url = fromIni('sqlalchemy.url');
    // pyproject.toml values go through Python's % with {here}, as .ini values do: `%%` is `%`.
    const tomlText = (key: string): string | undefined => {
      const value = toml?.get(key)?.value;
      if (value === undefined || Array.isArray(value)) return undefined;
      return String(value).replace(/%%|%\(here\)s/g, (m) => (m === '%%' ? '%' : root));
    };
    const scriptSettingText = (key: string): string | undefined => (toml ? tomlText(key) : fromIni(key));
    return {
      dir: root,
      configFile,
      iniFile: ini ? iniPath : undefined,
      section,
      scriptLocation,
      versionLocations: versionLocations ?? [join(scriptLocation, 'versions')],
      recursive,
      fileNames: {
        fileTemplate: scriptSettingText('file_template') ?? DEFAULT_FILE_TEMPLATE,
        truncateSlugLength: scriptSettingText('truncate_slug_length'),
        timezone: scriptSettingText('timezone'),
        file: configFile,
      },
      sqlalchemyUrl: () => url,
    };
  } catch (error) {
    if (error instanceof IniError) return problem(error.file, error.line, error.message);
    throw error;
  }
}

/** A path relative to the project folder (Alembic takes it from the working folder, which is normally that one). */
function fromRoot(path: string, root: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

/** `pkg.sub:path` is a package resource: looked for beside the configuration, since no Python runs. */
function locateScript(setting: string, root: string, file: string, line: number): string {
  const colon = setting.indexOf(':');
  if (colon > 0 && !isAbsolute(setting) && !setting.slice(0, colon).includes('/')) {
    const candidate = resolve(root, setting.slice(0, colon).replaceAll('.', '/'), setting.slice(colon + 1));
    if (isFolder(candidate)) return candidate;
    throw new ProjectLoadError([
      {
        file,
        line,
        message:
          `script_location '${setting}' names a Python package resource; ` +
          `strata looks for it at ${candidate} and it is not there`,
      },
    ]);
  }
  const path = fromRoot(setting, root);
  if (!isFolder(path))
    throw new ProjectLoadError([{ file, line, message: `script_location '${setting}' is not a folder (${path})` }]);
  return path;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function iniLocations(ini: IniFile, section: string, root: string): string[] | undefined {
  const here = { here: root };
  const raw = iniGet(ini, section, 'version_locations', here);
  if (raw === undefined || raw.trim() === '') return undefined;
  const sepKey =
    iniGet(ini, section, 'path_separator', here) !== undefined ? 'path_separator' : 'version_path_separator';
  const sepValue = iniGet(ini, section, sepKey, here);
  let parts: string[];
  if (sepValue === undefined) parts = raw.trim().split(LEGACY_SPLIT);
  else {
    const separator = SEPARATORS[sepValue.trim()];
    if (separator === undefined) {
      const comment = /\s[#;]/.test(sepValue)
        ? ' (an inline comment is part of the value in an .ini file: put it on its own line)'
        : '';
      throw new IniError(
        ini.file,
        iniLine(ini, section, sepKey),
        `${sepKey} '${sepValue}' is not one of space, newline, os, ':', ';'${comment}`,
      );
    }
    parts = raw.split(separator);
  }
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => fromRoot(p, root));
}

function tomlLocations(entry: TomlEntry | undefined, root: string, file: string): string[] | undefined {
  if (entry === undefined) return undefined;
  const list = typeof entry.value === 'string' ? [entry.value] : entry.value;
  if (!Array.isArray(list))
    throw new ProjectLoadError([{ file, line: entry.line, message: 'version_locations must be a list of folders' }]);
  return list.map((p) => fromRoot(p.replaceAll('%(here)s', root), root));
}

export type { ProjectProblem };

// Reading the project's own files (strata.json, revision files) so that whatever sits at
// their path becomes a problem naming it, never a hang, a stack trace or text nobody wrote:
//
// - Only a regular file is read. A named pipe opened for reading waits for a writer forever
//   (`strata heads` hung on one), and a device can be read forever: the path is opened
//   non-blocking, which returns at once for a pipe, and fstat decides before any read.
// - A folder, a broken or looping symlink, an unreadable file: a problem with the path.
// - Bytes that are not UTF-8 are refused with their line. Decoding them would put U+FFFD in
//   their place, and the checksum of an applied revision would be of text the user never
//   wrote. The check (simdutf, in node:buffer) costs well under a microsecond per file.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { ProjectProblem } from './errors.ts';

/** `stat`, taken before the read, is there when the read took one (see readListedText). */
export type ReadTextResult =
  | { readonly ok: true; readonly text: string; readonly stat: Stats | undefined }
  | { readonly ok: false; readonly problem: ProjectProblem };

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** The text of the regular file at `path` (with its stat, taken before the read); `shown` names it in problems. */
export function readProjectText(path: string, shown: string): ReadTextResult {
  const problem = (message: string, line = 0): ReadTextResult => ({
    ok: false,
    problem: { file: shown, line, message },
  });
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return problem(whyUnopenable(path, error));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return problem(`is ${kindOf(stat)}, not a regular file`);
    const bytes = readFileSync(fd);
    if (!isUtf8(bytes)) {
      const bad = firstInvalidLine(bytes);
      return problem(
        `bytes that are not UTF-8 (0x${bad.byte.toString(16).padStart(2, '0')} at column ${bad.column}); ` +
          `save the file as UTF-8`,
        bad.line,
      );
    }
    return { ok: true, text: bytes.toString('utf8'), stat };
  } catch (error) {
    return problem(`cannot be read: ${errorText(error)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * readProjectText for a file the folder listing says is a regular file, when its stat is not
 * wanted (a load without the cache): Node's one-call UTF-8 read, which a load of 10,000 files
 * feels, and the strict check only for text holding a U+FFFD, which a replacement leaves
 * (rarely, the file has a real one: then the bytes decide).
 */
export function readListedText(path: string, shown: string): ReadTextResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return readProjectText(path, shown);
  }
  return text.includes('\ufffd') ? readProjectText(path, shown) : { ok: true, text, stat: undefined };
}

/**
 * Why a folder entry that is not a regular file cannot be read, without opening it; undefined
 * for a symbolic link to a regular file. The folder listing says what each entry is for free,
 * so a pipe or a folder named `x.sql` is never opened at all.
 */
export function notARegularFile(path: string, entry: Dirent): string | undefined {
  if (entry.isDirectory() || entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice())
    return `is ${kindOf(entry)}, not a regular file`;
  // A symbolic link, or a file system that does not say (DT_UNKNOWN): ask for what is there.
  try {
    const target = statSync(path);
    if (target.isFile()) return undefined;
    return entry.isSymbolicLink()
      ? `is a symbolic link to ${kindOf(target)}, not to a regular file`
      : `is ${kindOf(target)}, not a regular file`;
  } catch (error) {
    return whyUnopenable(path, error);
  }
}

/** What a folder entry is, when it is not a regular file. */
export function kindOf(stat: Stats | Dirent): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why a file-system call failed, in words (the code when there are none). */
export function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'it does not exist';
    case 'ELOOP':
      return 'its symbolic links loop';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'EEXIST':
      return 'it already exists';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

function whyUnopenable(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ELOOP') {
    try {
      if (lstatSync(path).isSymbolicLink()) {
        const to = readlinkSync(path);
        return code === 'ELOOP'
          ? `is a symbolic link that loops (to '${to}')`
          : `is a symbolic link to '${to}', which does not exist`;
      }
    } catch {
      // Gone between the two calls: the error itself says enough.
    }
  }
  return `cannot be read: ${errorText(error)}`;
}

/**
 * Where the first byte that is not UTF-8 sits. A newline byte is never part of a multi-byte
 * sequence, so the lines can be checked one by one.
 */
function firstInvalidLine(bytes: Buffer): { line: number; column: number; byte: number } {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    const slice = bytes.subarray(start, end);
    if (!isUtf8(slice)) {
      // The longest valid prefix ends where the bad byte starts.
      let ok = 0;
      while (ok < slice.length && isUtf8(slice.subarray(0, ok + 1 + trailLength(slice, ok))))
        ok += 1 + trailLength(slice, ok);
      return { line, column: slice.subarray(0, ok).toString('utf8').length + 1, byte: slice[ok] ?? 0 };
    }
    if (nl < 0) break;
    line++;
    start = nl + 1;
  }
  return { line, column: 1, byte: 0 };
}

/** Continuation bytes a UTF-8 lead byte announces (0 for ASCII and for bytes that cannot lead). */
function trailLength(bytes: Buffer, at: number): number {
  const b = bytes[at] ?? 0;
  return b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? (b <= 0xef ? 2 : 0) : b >= 0xc2 && b <= 0xdf ? 1 : 0;
}

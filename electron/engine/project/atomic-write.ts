// Writing a file so that a reader, a crash or a full disk meets the old file or the new one,
// never half of one: the text goes to a temporary file in the same folder (a rename across
// file systems would copy), is flushed, then takes the file's name in one step. Whatever
// fails on the way, the temporary file is removed and the old file is untouched.
//
// Revision files, strata.json and the connections store are written through here: a revision
// file cut short by a crash would change its checksum, and an applied revision whose file
// "changed" is reported as edited after apply.
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file (0o600 for a file with secrets' references); default: the old file's, else 0o666
   * less the umask.
   */
  readonly mode?: number;
  /** Fail with EEXIST when the file exists already, as the 'wx' flag does; the check and the write are one step. */
  readonly exclusive?: boolean;
}

/** File systems without hard links (FAT, some network shares) answer link() with these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

export function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions = {}): void {
  // A symbolic link stays one: the file it points at is the one replaced.
  const target = !options.exclusive && existsSync(path) ? realpathSync(path) : path;
  const mode = options.mode ?? (options.exclusive ? undefined : existingMode(target));
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = openSync(tmp, 'wx', mode ?? 0o666);
    try {
      // The umask narrowed the mode openSync was given; the old file's mode is kept exactly.
      if (mode !== undefined) fchmodSync(fd, mode);
      const bytes = Buffer.from(text, 'utf8');
      // write() may take fewer bytes than asked (a file size limit, a signal): go on from there.
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) publishNew(tmp, target);
    else renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** link() fails when `target` exists, atomically; rename() would replace it. */
function publishNew(tmp: string, target: string): void {
  try {
    linkSync(tmp, target);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    // Without hard links, a check then a rename: a file made in between would be replaced.
    if (existsSync(target))
      throw Object.assign(new Error(`EEXIST: file already exists, '${target}'`), { code: 'EEXIST' });
    renameSync(tmp, target);
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

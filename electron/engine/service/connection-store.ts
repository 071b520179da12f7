// Saved connections, without their passwords, in the user's config folder. The project's
// embedded SQLite default is listed first and cannot be removed.
//
// A damaged file (not JSON, not UTF-8, not a list of connections, not even a file) must not
// stop the studio or `strata serve`: it is kept aside as connections.json.broken-<date>,
// the store starts empty, and `notice` says so, for the studio to show.
import { existsSync, lstatSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  connectionSettings,
  type ConnectionSettings,
  type ConnectionsNotice,
} from '../../../shared/api/connections.ts';
import { writeFileAtomic } from '../project/atomic-write.ts';
import { readProjectText } from '../project/read-text.ts';

const storedConnection = z.object({
  id: z.string(),
  name: z.string(),
  settings: connectionSettings,
  protected: z.boolean(),
  /**
   * The project folder (absolute) the connection belongs to; absent: shared by every project
   * (ticked "shared", or saved by a Strata from before connections belonged to a project).
   */
  project: z.string().optional(),
});
const storedFile = z.object({ connections: z.array(storedConnection) });
export type StoredConnection = z.infer<typeof storedConnection>;

export const DEFAULT_CONNECTION_ID = 'default';

/** 2026-03-05T10-11-12-345Z: an ISO date a file name can hold on every system. */
export function fileDate(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

export class ConnectionStore {
  private readonly file: string;
  private connections: StoredConnection[];
  /** Set when the file was damaged at start: what was wrong and where it was kept. */
  readonly notice: ConnectionsNotice | null;

  constructor(configDir: string, now: () => Date = () => new Date()) {
    this.file = join(configDir, 'connections.json');
    const read = this.read();
    if ('connections' in read) {
      this.connections = read.connections;
      this.notice = null;
    } else {
      this.connections = [];
      this.notice = this.keepAside(read.damaged, now());
    }
  }

  private read(): { connections: StoredConnection[] } | { damaged: string } {
    if (!existsSync(this.file) && !isLink(this.file)) return { connections: [] };
    const text = readProjectText(this.file, this.file);
    if (!text.ok)
      return {
        damaged: text.problem.line > 0 ? `line ${text.problem.line}: ${text.problem.message}` : text.problem.message,
      };
    let json: unknown;
    try {
      json = JSON.parse(text.text);
    } catch (error) {
      return { damaged: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    const parsed = storedFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        damaged:
          `not a list of connections (` +
          `${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'unexpected shape'})`,
      };
    }
    return { connections: parsed.data.connections };
  }

  private keepAside(reason: string, at: Date): ConnectionsNotice {
    let keptAs = `${this.file}.broken-${fileDate(at)}`;
    for (let n = 2; existsSync(keptAs); n++) keptAs = `${this.file}.broken-${fileDate(at)}-${n}`;
    try {
      renameSync(this.file, keptAs);
      return { file: this.file, keptAs, reason };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return { file: this.file, keptAs: null, reason: `${reason}; it could not be moved aside (${code})` };
    }
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, JSON.stringify({ connections: this.connections }, null, 2) + '\n', { mode: 0o600 });
  }

  list(): readonly StoredConnection[] {
    return this.connections;
  }

  /** The connections of the project in `projectDir`, and the shared ones. */
  listFor(projectDir: string): readonly StoredConnection[] {
    return this.connections.filter((c) => c.project === undefined || c.project === projectDir);
  }

  get(id: string): StoredConnection | undefined {
    return this.connections.find((c) => c.id === id);
  }

  save(input: {
    id?: string | undefined;
    name: string;
    settings: ConnectionSettings;
    protected: boolean;
    /** undefined: shared by every project. */
    project?: string | undefined;
  }): StoredConnection {
    const id = input.id ?? `c${randomBytes(6).toString('hex')}`;
    const entry: StoredConnection = {
      id,
      name: input.name,
      settings: input.settings,
      protected: input.protected,
      ...(input.project !== undefined ? { project: input.project } : {}),
    };
    const at = this.connections.findIndex((c) => c.id === id);
    if (at >= 0) this.connections[at] = entry;
    else this.connections.push(entry);
    this.write();
    return entry;
  }

  remove(id: string): boolean {
    const before = this.connections.length;
    this.connections = this.connections.filter((c) => c.id !== id);
    if (this.connections.length !== before) this.write();
    return this.connections.length !== before;
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

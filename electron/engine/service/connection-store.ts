// Saved connections, without their passwords, in the user's config folder. The project's
// embedded SQLite default is listed first and cannot be removed.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { connectionSettings, type ConnectionSettings } from '../../../shared/api/connections.ts';

const storedConnection = z.object({ id: z.string(), name: z.string(), settings: connectionSettings, protected: z.boolean() });
const storedFile = z.object({ connections: z.array(storedConnection) });
export type StoredConnection = z.infer<typeof storedConnection>;

export const DEFAULT_CONNECTION_ID = 'default';

export class ConnectionStore {
  private readonly file: string;
  private connections: StoredConnection[];

  constructor(configDir: string) {
    this.file = join(configDir, 'connections.json');
    this.connections = this.read();
  }

  private read(): StoredConnection[] {
    if (!existsSync(this.file)) return [];
    const parsed = storedFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    // A damaged file must not stop the studio from opening: start empty, keep the file aside.
    if (!parsed.success) {
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
      return [];
    }
    return parsed.data.connections;
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ connections: this.connections }, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  list(): readonly StoredConnection[] {
    return this.connections;
  }

  get(id: string): StoredConnection | undefined {
    return this.connections.find((c) => c.id === id);
  }

  save(input: { id?: string | undefined; name: string; settings: ConnectionSettings; protected: boolean }): StoredConnection {
    const id = input.id ?? `c${randomBytes(6).toString('hex')}`;
    const entry: StoredConnection = { id, name: input.name, settings: input.settings, protected: input.protected };
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

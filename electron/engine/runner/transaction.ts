// The run's transaction on its connection: BEGIN, COMMIT, ROLLBACK, and where each one travels.
// With a run lock that covers the whole run (capabilities.runLockScope 'run': PostgreSQL),
// nothing has to be read between BEGIN and a revision's first statement: BEGIN travels with
// that statement, and COMMIT with the revision's version-table statements — two round trips
// a revision fewer than psql running the same script, on a path where every round trip is
// time the database sits idle. With a lock per transaction (SQLite), BEGIN goes first: the
// version rows are read again under it.
import type { Connection } from '../dialects/dialect.ts';

export class Transaction {
  private open = false;
  private pendingBegin = false;
  /** BEGIN may wait for the next statement, and COMMIT go with the bookkeeping (see above). */
  readonly coalesce: boolean;

  constructor(private readonly conn: Connection) {
    this.coalesce = conn.capabilities.runLockScope === 'run';
  }

  get inTransaction(): boolean {
    return this.open;
  }

  /** `deferrable`: nothing is read before the next statement, so BEGIN may travel with it. */
  async begin(deferrable = false): Promise<void> {
    this.open = true;
    if (deferrable && this.coalesce) this.pendingBegin = true;
    else await this.conn.execute(this.conn.sql.beginTransaction());
  }

  /** Executes `sql`, after the BEGIN still waiting to be sent, if any. */
  async send(sql: string): Promise<void> {
    if (!this.pendingBegin) return this.conn.execute(sql);
    this.pendingBegin = false;
    await this.conn.execute(`${this.conn.sql.beginTransaction()};\n${sql}`);
  }

  /** The BEGIN still waiting, if any, for a pipelined batch to lead with (it is then sent). */
  takePendingBegin(): string[] {
    if (!this.pendingBegin) return [];
    this.pendingBegin = false;
    return [this.conn.sql.beginTransaction()];
  }

  async commit(): Promise<void> {
    await this.conn.execute('COMMIT');
    this.open = false;
  }

  /** Strata's own statements, then COMMIT: in one round trip where they may go together. */
  async commitWith(statements: readonly string[]): Promise<void> {
    if (this.coalesce) {
      await this.send([...statements, 'COMMIT'].join(';\n'));
      this.open = false;
      return;
    }
    if (statements.length > 0) await this.send(statements.join(';\n'));
    await this.commit();
  }

  /** A batch that ended with COMMIT went through: the transaction is over. */
  committed(): void {
    this.open = false;
  }

  async rollback(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    if (this.pendingBegin) {
      this.pendingBegin = false; // never sent: nothing to take back
      return;
    }
    await this.conn.execute('ROLLBACK').catch(() => {});
  }
}

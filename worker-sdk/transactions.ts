// Transactions run through worker.transaction(): each ends with COMMIT or ROLLBACK, the open
// ones are counted, and those still open at the deadline have their session ended, which makes
// the database server roll them back whatever the application's code does next.
import type { TransactionReport } from './protocol.js';
import { WorkerError } from './validate.js';

/** One open transaction, as a database adapter hands it out. */
export interface OpenTransaction<C> {
  readonly client: C;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Gives the connection back to its pool, or destroys it when it can no longer be trusted. */
  release(destroy: boolean): void;
  /** Ends the transaction's session now; the server rolls the transaction back. */
  kill(): Promise<void>;
}

/** What a tracked pool offers to worker.transaction(). */
export interface TransactionSource<C> {
  begin(): Promise<OpenTransaction<C>>;
}

interface Entry {
  transaction: OpenTransaction<unknown>;
  killed: boolean;
  released: boolean;
}

export class TransactionRegistry {
  readonly #open = new Set<Entry>();
  #counting = false;
  #closed = false;
  #report: TransactionReport = {
    openAtDrain: 0,
    committed: 0,
    rolledBack: 0,
    rolledBackAtDeadline: 0,
    open: 0,
  };
  #onChange: (() => void) | undefined;

  /** Runs fn inside a transaction that always ends with COMMIT or ROLLBACK. */
  async run<C, T>(source: TransactionSource<C>, fn: (client: C) => Promise<T> | T): Promise<T> {
    if (this.#closed) {
      throw new WorkerError(
        'ERR_WORKER_DRAINING',
        'transaction() called after pools began closing',
      );
    }
    const transaction = await source.begin();
    const entry: Entry = { transaction, killed: false, released: false };
    this.#open.add(entry);
    let destroy = false;
    try {
      const result = await fn(transaction.client);
      if (entry.killed) throw rolledBackError();
      await transaction.commit();
      this.#end(entry, 'committed');
      return result;
    } catch (error) {
      if (!entry.killed) {
        destroy = !(await transaction.rollback().then(isTrue, isFalse));
        this.#end(entry, 'rolledBack');
      }
      throw error;
    } finally {
      if (!entry.released) transaction.release(destroy || entry.killed);
    }
  }

  /** From now on, transactions that end are counted in the report. */
  startDrain(): void {
    this.#counting = true;
    this.#report.openAtDrain = this.#open.size;
  }

  /** Resolves once no transaction is open. */
  waitSettled(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onChange = () => {
        if (this.#open.size > 0) return;
        this.#onChange = undefined;
        resolve();
      };
    });
  }

  /** Refuses new transactions and ends the sessions of those still open. */
  async rollBackOpen(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#open];
    for (const entry of entries) entry.killed = true;
    const killed = await Promise.all(
      entries.map((entry) => entry.transaction.kill().then(isTrue, isFalse)),
    );
    for (const [index, entry] of entries.entries()) {
      if (!killed[index]) continue;
      // Its session is gone: give the connection back now, or the pool would wait for fn.
      entry.released = true;
      entry.transaction.release(true);
      this.#open.delete(entry);
      this.#report.rolledBack += 1;
      this.#report.rolledBackAtDeadline += 1;
    }
  }

  /** Counts transactions a resource rolled back as it closed (an SQLite handle, say). */
  addRolledBackAtClose(count: number): void {
    this.#report.rolledBack += count;
    this.#report.rolledBackAtDeadline += count;
  }

  report(): TransactionReport {
    return { ...this.#report, open: this.#open.size };
  }

  #end(entry: Entry, how: 'committed' | 'rolledBack'): void {
    this.#open.delete(entry);
    if (this.#counting) this.#report[how] += 1;
    this.#onChange?.();
  }
}

function rolledBackError(): WorkerError {
  return new WorkerError(
    'ERR_TRANSACTION_ROLLED_BACK',
    'the transaction was rolled back at the drain deadline',
  );
}

function isTrue(): boolean {
  return true;
}

function isFalse(): boolean {
  return false;
}

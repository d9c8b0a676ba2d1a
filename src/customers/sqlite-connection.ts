import { accessSync, constants, type Stats, statSync } from "node:fs";
// Node's own, not the global one that fake timers replace: see end-of-turn.ts.
import { setImmediate as afterIo } from "node:timers";
import Database from "better-sqlite3";
import { SCHEMA_SQL } from "./schema.js";

/** How a SQLite connection is opened. */
export interface SqliteConnectionOptions {
  /** Open without write access. @default false */
  readonly?: boolean;
  /** Bytes of the file mapped into memory; 0 turns mapping off. @default 1073741824 */
  memoryMapBytes?: number;
}

/** A live connection to the file, with the statements prepared on it. */
export interface SqliteLink<Prepared> {
  db: Database.Database;
  prepared: Prepared;
}

/** A connection that follows its file: see `openSqliteConnection`. */
export interface SqliteConnection<Prepared> {
  /**
   * Runs `work` on a connection to the file the path names now, reopening it first when the file
   * was replaced. Throws when the file is missing or unreadable, or when `work` hits a damaged
   * file (the connection is dropped then, so the next call opens the file afresh).
   */
  use<T>(work: (link: SqliteLink<Prepared>) => T): T;
  /**
   * Like `use`, for reads that may share one read transaction and one file check with the other
   * reads of the same event-loop turn. A look-up then costs no locking or `stat` system calls of
   * its own: under load those were a fifth of its time. The turn's reads see one snapshot, and
   * the transaction ends before the next turn, so nothing is read from a file older than that.
   */
  read<T>(work: (link: SqliteLink<Prepared>) => T): T;
  close(): void;
}

/** The file a path names: two paths name the same file when device and inode agree. */
function identify(file: string): Stats | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) return undefined;
  // Root reads anything, but an unprivileged server must stop where a restart would fail too.
  accessSync(file, constants.R_OK);
  return stats;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function connect(file: string, options: SqliteConnectionOptions, first: boolean) {
  const readonly = options.readonly ?? false;
  // Only the first open may create the file and its schema. A reopen that created or wrote would
  // turn a removed or truncated database into an empty one, and every card into "no record".
  const db = new Database(file, { readonly, fileMustExist: readonly || !first });
  try {
    if (first && !readonly) {
      // WAL lets an import write while the server reads; NORMAL is durable enough under WAL.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA_SQL);
    }
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 2000");
    db.pragma("cache_size = -32000");
    // 1 GiB maps a database of a few million customers whole: past the map, pages are read with
    // a system call each, and look-ups in a 1,000,000-customer file (431 MB) took 1.5-1.7 times
    // as long as in a small one instead of 1.3. Mapped pages are the kernel's page cache, shared
    // and reclaimable, not memory the process allocates.
    db.pragma(`mmap_size = ${Math.max(0, Math.floor(options.memoryMapBytes ?? 1_073_741_824))}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens a SQLite file and keeps following the path rather than the first file opened there. A
 * server reading customers must not go on answering from a file that was deleted, nor miss a new
 * database renamed into place, nor stay stuck on a connection that met a damaged page: each call
 * checks (two cheap system calls) that the path still names the open file, reopens it when it was
 * replaced, and fails clearly while it is missing, unreadable or damaged, until it is back.
 *
 * @example
 * ```ts
 * const connection = openSqliteConnection("data/customers.db", {}, (db) => ({
 *   count: db.prepare("SELECT count(*) FROM customers").pluck(),
 * }));
 * connection.use(({ prepared }) => prepared.count.get());
 * ```
 */
export function openSqliteConnection<Prepared>(
  file: string,
  options: SqliteConnectionOptions,
  prepare: (db: Database.Database) => Prepared,
): SqliteConnection<Prepared> {
  const inMemory = file === ":memory:";
  const open = (first: boolean): SqliteLink<Prepared> => {
    const db = connect(file, options, first);
    try {
      return { db, prepared: prepare(db) };
    } catch (error) {
      db.close();
      throw error;
    }
  };
  let link: SqliteLink<Prepared> | undefined = open(true);
  let opened: Stats | undefined = inMemory ? undefined : statSync(file);

  // The read transaction shared by this turn's reads, and whether the file was checked this turn.
  let batch: SqliteLink<Prepared> | undefined;
  let checkedThisTurn = false;
  let turnEndScheduled = false;

  const endBatch = () => {
    const open = batch;
    batch = undefined;
    if (open?.db.open && open.db.inTransaction) {
      try {
        open.db.exec("COMMIT");
      } catch {
        // Ending a read cannot lose data; a connection that cannot even do that is reopened.
        if (link === open) drop();
      }
    }
  };
  const endTurn = () => {
    turnEndScheduled = false;
    checkedThisTurn = false;
    endBatch();
  };
  const scheduleTurnEnd = () => {
    if (turnEndScheduled) return;
    turnEndScheduled = true;
    afterIo(endTurn);
  };

  const drop = () => {
    batch = undefined;
    link?.db.close();
    link = undefined;
  };

  const current = (): SqliteLink<Prepared> => {
    if (inMemory) {
      if (!link) throw new Error("The in-memory database is closed.");
      return link;
    }
    let now: Stats | undefined;
    try {
      now = identify(file);
    } catch (cause) {
      drop();
      throw new Error(`The SQLite database ${file} cannot be read.`, { cause });
    }
    if (!now) {
      drop();
      throw new Error(`The SQLite database ${file} is missing.`);
    }
    if (link && opened && sameFile(now, opened)) return link;
    drop();
    link = open(false);
    opened = now;
    return link;
  };

  /** A statement error on a read means a damaged or swapped file: start afresh next time. */
  const dropAfterReadError = (error: unknown, live: SqliteLink<Prepared>, reading: boolean) => {
    const inWrite = live.db.open && live.db.inTransaction && !reading;
    if (error instanceof Database.SqliteError && !inWrite && link === live) drop();
  };

  return {
    use(work) {
      // A write transaction cannot start inside the turn's read transaction; end that first.
      endBatch();
      const live = current();
      try {
        return work(live);
      } catch (error) {
        dropAfterReadError(error, live, false);
        throw error;
      }
    },
    read(work) {
      let live: SqliteLink<Prepared>;
      if (checkedThisTurn && link !== undefined) {
        live = link;
      } else {
        live = current();
        checkedThisTurn = true;
        scheduleTurnEnd();
      }
      try {
        if (batch !== live && !live.db.inTransaction) {
          live.db.exec("BEGIN");
          batch = live;
        }
        return work(live);
      } catch (error) {
        dropAfterReadError(error, live, batch === live);
        throw error;
      }
    },
    close() {
      endBatch();
      drop();
    },
  };
}

import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteConnection } from "../../src/customers/sqlite-connection.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function writeCount(file: string, value: number) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE IF NOT EXISTS counter (value INTEGER NOT NULL)");
  db.exec("DELETE FROM counter");
  db.prepare("INSERT INTO counter (value) VALUES (?)").run(value);
  db.close();
}

describe("SQLite reads shared within one event-loop turn", () => {
  let folder: string;
  let file: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "hsda-sqlite-turn-"));
    file = join(folder, "counter.db");
    writeCount(file, 1);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const openCounter = () =>
    openSqliteConnection(file, { readonly: true }, (db) => ({
      value: db.prepare<[], number>("SELECT value FROM counter").pluck(),
    }));

  it("holds one read transaction for the turn and ends it before the next", async () => {
    const connection = openCounter();
    try {
      const first = connection.read(({ db, prepared }) => [prepared.value.get(), db.inTransaction]);
      const second = connection.read(({ db, prepared }) => [
        prepared.value.get(),
        db.inTransaction,
      ]);
      expect(first).toEqual([1, true]);
      expect(second).toEqual([1, true]);
      await nextTurn();
      expect(connection.use(({ db }) => db.inTransaction)).toBe(false);
    } finally {
      connection.close();
    }
  });

  it("sees a write committed by another connection from the next turn on", async () => {
    const connection = openCounter();
    try {
      expect(connection.read(({ prepared }) => prepared.value.get())).toBe(1);
      const writer = new Database(file);
      writer.prepare("UPDATE counter SET value = 2").run();
      writer.close();
      // Same turn: the snapshot taken by the turn's first read.
      expect(connection.read(({ prepared }) => prepared.value.get())).toBe(1);
      await nextTurn();
      expect(connection.read(({ prepared }) => prepared.value.get())).toBe(2);
    } finally {
      connection.close();
    }
  });

  it("follows a file renamed into place from the next turn on", async () => {
    const connection = openCounter();
    try {
      expect(connection.read(({ prepared }) => prepared.value.get())).toBe(1);
      const replacement = join(folder, "replacement.db");
      writeCount(replacement, 7);
      renameSync(replacement, file);
      await nextTurn();
      expect(connection.read(({ prepared }) => prepared.value.get())).toBe(7);
    } finally {
      connection.close();
    }
  });

  it("fails the next turn's read once the file is removed", async () => {
    const connection = openCounter();
    try {
      expect(connection.read(({ prepared }) => prepared.value.get())).toBe(1);
      rmSync(file);
      await nextTurn();
      expect(() => connection.read(({ prepared }) => prepared.value.get())).toThrow(/missing/);
    } finally {
      connection.close();
    }
  });

  it("lets a write transaction start in a turn that already read", () => {
    const writable = openSqliteConnection(file, {}, (db) => ({
      value: db.prepare<[], number>("SELECT value FROM counter").pluck(),
    }));
    try {
      expect(writable.read(({ prepared }) => prepared.value.get())).toBe(1);
      writable.use(({ db }) => {
        db.exec("BEGIN IMMEDIATE");
        db.exec("UPDATE counter SET value = 3");
        db.exec("COMMIT");
      });
      expect(writable.read(({ prepared }) => prepared.value.get())).toBe(3);
    } finally {
      writable.close();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from './database.ts';

describe('SqliteDatabase', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-sqlite-'));
    db = new SqliteDatabase(join(dir, 'x.db'));
    db.raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prepares a statement once and reuses it for every call', () => {
    const sql = 'SELECT name FROM t WHERE id = ?';
    expect(db.statement(sql)).toBe(db.statement(sql));
    db.run('INSERT INTO t (id, name) VALUES (?, ?)', 1, 'a');
    db.run('INSERT INTO t (id, name) VALUES (?, ?)', 2, 'b');
    expect(db.get(sql, 2)).toEqual({ name: 'b' });
  });

  it('keeps plucked and whole-row forms of one text apart', () => {
    db.run('INSERT INTO t (id, name) VALUES (?, ?)', 1, 'a');
    expect(db.value('SELECT name FROM t WHERE id = ?', 1)).toBe('a');
    expect(db.get('SELECT name FROM t WHERE id = ?', 1)).toEqual({ name: 'a' });
    expect(db.values('SELECT name FROM t ORDER BY id')).toEqual(['a']);
    expect(db.all('SELECT name FROM t ORDER BY id')).toEqual([{ name: 'a' }]);
  });

  it('bounds how many statements it keeps, dropping the least recently used', () => {
    const kept = db.statement('SELECT 0');
    const dropped = db.statement('SELECT 1');
    for (let i = 2; i <= 600; i++) {
      db.statement(`SELECT ${i}`);
      // Used again and again: it stays while the others come and go.
      expect(db.statement('SELECT 0')).toBe(kept);
    }
    expect(db.statement('SELECT 1')).not.toBe(dropped);
  });

  it('commits a recomputable write without a disk sync, and every other write with one', () => {
    const level = () => db.raw.pragma('synchronous', { simple: true });
    expect(level()).toBe(2); // FULL
    const inside = db.recomputable(() => {
      db.run('INSERT INTO t (id, name) VALUES (?, ?)', 1, 'a');
      return level();
    });
    expect(inside).toBe(1); // NORMAL, for this commit only
    expect(level()).toBe(2);
    expect(() =>
      db.recomputable(() => {
        db.run('INSERT INTO t (id, name) VALUES (?, ?)', 2, 'b');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    // A failed write rolls back and leaves the connection at FULL all the same.
    expect(level()).toBe(2);
    expect(db.values('SELECT id FROM t ORDER BY id')).toEqual([1]);
  });
});

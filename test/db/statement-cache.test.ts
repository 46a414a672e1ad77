import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, openDatabase, STATEMENT_CACHE_SIZE } from '../../db/client.js';

let db: Db;
afterEach(() => closeDatabase(db));

describe('prepared statements are kept by their SQL text', () => {
  it('hands out the same statement for the same text, and a new one for other text', () => {
    db = openDatabase(':memory:');
    const first = db.$client.prepare('SELECT 1 AS one');
    expect(db.$client.prepare('SELECT 1 AS one')).toBe(first);
    expect(db.$client.prepare('SELECT 2 AS two')).not.toBe(first);
  });

  it('hands a statement out again as a fresh one: rows as objects, whatever the last caller set', () => {
    db = openDatabase(':memory:');
    const sql = 'SELECT 1 AS one, 2 AS two';
    expect(db.$client.prepare(sql).raw().get()).toEqual([1, 2]);
    expect(db.$client.prepare(sql).get()).toEqual({ one: 1, two: 2 });
    expect(db.$client.prepare(sql).pluck().get()).toBe(1);
    expect(db.$client.prepare(sql).get()).toEqual({ one: 1, two: 2 });
  });

  it('keeps the most recently used statements and lets the oldest go', () => {
    db = openDatabase(':memory:');
    const oldest = db.$client.prepare('SELECT 0');
    const recent = db.$client.prepare('SELECT -1');
    for (let i = 1; i < STATEMENT_CACHE_SIZE; i++) {
      db.$client.prepare(`SELECT ${i}`);
      if (i % 100 === 0) db.$client.prepare('SELECT -1');
    }
    expect(db.$client.prepare('SELECT -1')).toBe(recent);
    expect(db.$client.prepare('SELECT 0')).not.toBe(oldest);
  });

  it('runs writes and reads through drizzle the same with cached statements', () => {
    db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    const insert = 'INSERT INTO t (name) VALUES (?)';
    for (const name of ['a', 'b', 'c']) db.$client.prepare(insert).run(name);
    expect(db.$client.prepare('SELECT name FROM t ORDER BY id').pluck().all()).toEqual(['a', 'b', 'c']);
    expect(db.$client.prepare('SELECT name FROM t ORDER BY id').all()).toEqual([
      { name: 'a' },
      { name: 'b' },
      { name: 'c' },
    ]);
  });
});

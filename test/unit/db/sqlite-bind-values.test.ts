import { describe, expect, it } from 'vitest';
import { Sequelize } from 'sequelize';
import { SqliteBindValues } from '../../../src/db/sqlite-bind-values';

const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });

describe('SQLite bind values', () => {
  it('When the same value recurs in a statement, then it is bound once and every use names the same parameter', () => {
    const bind = new SqliteBindValues((d) => sequelize.escape(d));
    const refs = ['ringex', '37439510', 'ringex', 'rec-1', '37439510', null].map((v) => bind.ref(v));
    expect(refs).toEqual(['?1', '?2', '?1', '?3', '?2', 'NULL']);
    expect(bind.values).toEqual(['ringex', '37439510', 'rec-1']);
  });

  it('When a date is bound, then its text is exactly what sequelize writes for a DATE column on SQLite', () => {
    const bind = new SqliteBindValues((d) => sequelize.escape(d));
    const date = new Date('2026-11-30T01:02:03.456Z');
    bind.date(date);
    expect(`'${String(bind.values[0])}'`).toBe(sequelize.escape(date));
  });

  it('When a date is outside years 0-9999 or invalid, then it is left to sequelize to write', () => {
    const bind = new SqliteBindValues((d) => sequelize.escape(d));
    const far = new Date(Date.UTC(12026, 0, 1));
    expect(bind.date(far)).toBe(sequelize.escape(far));
    expect(bind.date(new Date(Number.NaN))).toBe(sequelize.escape(new Date(Number.NaN)));
    expect(bind.values).toEqual([]);
  });
});

import { dropTimersSchemaSql, timersSchemaSql, timersTable } from './schema';

describe('timers schema', () => {
  it('puts the table in the service schema, quoted', () => {
    expect(timersTable('resolution')).toBe('"resolution".timers');
    expect(timersSchemaSql('resolution')[0]).toContain(
      'CREATE TABLE IF NOT EXISTS "resolution".timers',
    );
    expect(dropTimersSchemaSql('resolution')).toEqual(['DROP TABLE IF EXISTS "resolution".timers']);
  });

  it.each(['Triage', 'triage; DROP TABLE x', 'pg_catalog', ''])(
    'refuses the schema name %j',
    (schema) => {
      expect(() => timersSchemaSql(schema)).toThrow(TypeError);
    },
  );
});

import {
  assertSchemaName,
  columnCompressionSql,
  dropNotifyTriggerSql,
  dropRetentionIndexSql,
  eventStoreSchemaSql,
  schemaNames,
} from './schema';

describe('schema names', () => {
  it.each(['intake', 'follow_up', '_x', 'es_test_1a2b'])('accepts %s', (schema) => {
    expect(() => assertSchemaName(schema)).not.toThrow();
  });

  it.each([
    '',
    'Intake',
    '1intake',
    'intake; DROP TABLE x',
    'in"take',
    'pg_catalog',
    'a'.repeat(57),
  ])('rejects %j', (schema) => {
    expect(() => assertSchemaName(schema)).toThrow(TypeError);
  });

  it('builds quoted table names from the schema', () => {
    expect(schemaNames('triage')).toEqual({
      schema: 'triage',
      events: '"triage".events',
      processedEvents: '"triage".processed_events',
      outboxCheckpoints: '"triage".outbox_checkpoints',
      outboxQuarantine: '"triage".outbox_quarantine',
      idempotencyKeys: '"triage".idempotency_keys',
    });
  });
});

describe('eventStoreSchemaSql', () => {
  it('creates every table only if it does not exist yet', () => {
    const tables = eventStoreSchemaSql('resolution').filter((s) => s.startsWith('CREATE TABLE'));
    expect(
      tables.map((s) => /^CREATE TABLE IF NOT EXISTS "resolution"\.(\w+)/.exec(s)?.[1]),
    ).toEqual([
      'events',
      'processed_events',
      'outbox_checkpoints',
      'idempotency_keys',
      'outbox_quarantine',
    ]);
  });

  it('keys events by stream version and records the writing transaction', () => {
    const [events] = eventStoreSchemaSql('intake');
    expect(events).toContain('position bigint GENERATED ALWAYS AS IDENTITY');
    expect(events).toContain('transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id()');
    expect(events).toContain('PRIMARY KEY (stream_id, stream_version)');
    expect(eventStoreSchemaSql('intake')).toContainEqual(
      'CREATE INDEX IF NOT EXISTS events_transaction_position_idx ON "intake".events (transaction_id, position)',
    );
  });

  it('indexes the bookkeeping rows by age for the retention sweep', () => {
    const indexes = eventStoreSchemaSql('triage').filter((s) => s.includes('USING brin'));
    expect(indexes.map((s) => /ON "triage"\.(\w+) USING brin \((\w+)\)/.exec(s)?.slice(1))).toEqual(
      [
        ['idempotency_keys', 'created_at'],
        ['processed_events', 'processed_at'],
      ],
    );
  });

  it('drops the retention indexes it creates, safely when they are absent', () => {
    const created = eventStoreSchemaSql('triage')
      .filter((s) => s.includes('USING brin'))
      .map((s) => /INDEX IF NOT EXISTS (\w+)/.exec(s)?.[1]);
    expect(dropRetentionIndexSql('triage')).toEqual(
      created.map((index) => `DROP INDEX IF EXISTS "triage".${index}`),
    );
    expect(() => dropRetentionIndexSql('x"; --')).toThrow(TypeError);
  });

  it('creates no NOTIFY trigger, whose commit-time lock would serialise appends', () => {
    expect(eventStoreSchemaSql('intake').join('\n')).not.toMatch(/notify|TRIGGER/i);
  });

  it('drops the NOTIFY trigger of earlier versions, safely when it is absent', () => {
    expect(dropNotifyTriggerSql('triage')).toEqual([
      'DROP TRIGGER IF EXISTS events_notify ON "triage".events',
      'DROP FUNCTION IF EXISTS "triage".notify_events()',
    ]);
    expect(() => dropNotifyTriggerSql('x"; --')).toThrow(TypeError);
  });

  it('refuses an unsafe schema before producing any SQL', () => {
    expect(() => eventStoreSchemaSql('x"; DROP SCHEMA public; --')).toThrow(TypeError);
  });
});

describe('columnCompressionSql', () => {
  it('sets each column to the method asked, keeping the default where the server lacks it', () => {
    const [statement] = columnCompressionSql(['intake.complaints.view']);
    expect(statement).toContain(
      'ALTER TABLE "intake"."complaints" ALTER COLUMN "view" SET COMPRESSION lz4',
    );
    expect(statement).toContain('EXCEPTION WHEN feature_not_supported');
    expect(columnCompressionSql(['triage.events.data'], 'pglz')[0]).toContain(
      'SET COMPRESSION pglz',
    );
  });

  it.each(['intake.events', 'x"; DROP SCHEMA public; --.a.b', 'Intake.events.data'])(
    'refuses %s before producing any SQL',
    (column) => {
      expect(() => columnCompressionSql([column])).toThrow(TypeError);
    },
  );
});
